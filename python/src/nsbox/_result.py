"""What one run ended as: nsbox's JSON report as typed, frozen values."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping, Optional, Tuple


@dataclass(frozen=True)
class Violation:
    """One finding of the pre-execution checks."""

    rule: str
    severity: str  # "critical", "high", "medium" or "low"
    line: int  # 1-based; 0 = the whole code
    message: str
    recommendation: Optional[str] = None


@dataclass(frozen=True)
class Checks:
    """Which checks ran and what they decided ("off" is said too)."""

    mode: str  # "off", "report" or "block"
    findings: int
    blocked: bool


@dataclass(frozen=True)
class CompileStep:
    """The compile sandbox of a compiled language."""

    status: str
    exit_code: Optional[int]
    wall_time_s: float
    memory_peak_bytes: Optional[int]
    cached: bool  # the artifact came from nsbox's compile cache


@dataclass(frozen=True)
class Limits:
    """The run step's limits as applied (None: no limit)."""

    memory_bytes: Optional[int]
    timeout_s: Optional[float]
    pids: Optional[int]


@dataclass(frozen=True)
class CpuTime:
    user: float
    system: float


@dataclass(frozen=True)
class SyntaxErrorInfo:
    line: int
    message: str


@dataclass(frozen=True)
class ErrorInfo:
    """nsbox's own failure: the step it failed at, errno and message."""

    stage: str
    errno: int
    message: str


def _output(report: Mapping[str, Any], key: str) -> bytes:
    # nsbox writes bytes that are not UTF-8 as \udcXX: surrogateescape
    # gives them back exactly.
    text = report.get(key) or ""
    return str(text).encode("utf-8", "surrogateescape")


def _opt_int(value: Any) -> Optional[int]:
    return None if value is None else int(value)


def _opt_float(value: Any) -> Optional[float]:
    return None if value is None else float(value)


@dataclass(frozen=True)
class Result:
    """A run's outcome.  A timeout, an OOM kill, a compile error, a syntax
    error or blocked code is a Result; only nsbox's own failure raises."""

    status: str
    exit_code: Optional[int]
    signal: Optional[str]
    stdout_bytes: bytes
    stderr_bytes: bytes
    stdout_truncated: bool
    stderr_truncated: bool
    wall_time_s: float
    cpu_time: Optional[CpuTime]
    memory_peak_bytes: Optional[int]
    pids_peak: Optional[int]
    timed_out: bool
    oom_killed: bool
    interrupted_by: Optional[str] = None
    language: Optional[str] = None
    profile: Optional[str] = None
    compile: Optional[CompileStep] = None
    checks: Optional[Checks] = None
    violations: Tuple[Violation, ...] = ()
    risk_score: int = 0
    syntax_error: Optional[SyntaxErrorInfo] = None
    limits: Optional[Limits] = None
    total_time_s: Optional[float] = None
    error: Optional[ErrorInfo] = None
    runs: Tuple["Result", ...] = ()  # one per input with stdin_each
    report: Mapping[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def ok(self) -> bool:
        """The program ran and exited 0."""
        return self.status == "exited" and self.exit_code == 0

    @property
    def stdout(self) -> str:
        """stdout as text; bytes that are not UTF-8 become U+FFFD
        (stdout_bytes has them exactly)."""
        return self.stdout_bytes.decode("utf-8", "replace")

    @property
    def stderr(self) -> str:
        return self.stderr_bytes.decode("utf-8", "replace")

    @property
    def cpu_time_s(self) -> Optional[float]:
        """User plus system CPU seconds."""
        return None if self.cpu_time is None else self.cpu_time.user + self.cpu_time.system

    @classmethod
    def from_report(cls, report: Mapping[str, Any]) -> "Result":
        cpu = report.get("cpu_time_s")
        comp = report.get("compile")
        checks = report.get("checks")
        limits = report.get("limits")
        syntax = report.get("syntax_error")
        error = report.get("error")
        return cls(
            status=str(report["status"]),
            exit_code=_opt_int(report.get("exit_code")),
            signal=report.get("signal"),
            stdout_bytes=_output(report, "stdout"),
            stderr_bytes=_output(report, "stderr"),
            stdout_truncated=bool(report.get("stdout_truncated")),
            stderr_truncated=bool(report.get("stderr_truncated")),
            wall_time_s=float(report.get("wall_time_s") or 0.0),
            cpu_time=None if cpu is None else CpuTime(float(cpu["user"]), float(cpu["system"])),
            memory_peak_bytes=_opt_int(report.get("memory_peak_bytes")),
            pids_peak=_opt_int(report.get("pids_peak")),
            timed_out=bool(report.get("timed_out")),
            oom_killed=bool(report.get("oom_killed")),
            interrupted_by=report.get("interrupted_by"),
            language=report.get("language"),
            profile=report.get("profile"),
            compile=None if comp is None else CompileStep(
                status=str(comp["status"]), exit_code=_opt_int(comp.get("exit_code")),
                wall_time_s=float(comp.get("wall_time_s") or 0.0),
                memory_peak_bytes=_opt_int(comp.get("memory_peak_bytes")), cached=bool(comp.get("cached"))),
            checks=None if checks is None else Checks(
                mode=str(checks["mode"]), findings=int(checks["findings"]), blocked=bool(checks["blocked"])),
            violations=tuple(
                Violation(rule=str(v["rule"]), severity=str(v["severity"]), line=int(v["line"]),
                          message=str(v["message"]), recommendation=v.get("recommendation"))
                for v in report.get("violations") or ()),
            risk_score=int(report.get("risk_score") or 0),
            syntax_error=None if syntax is None else SyntaxErrorInfo(int(syntax["line"]), str(syntax["message"])),
            limits=None if limits is None else Limits(
                memory_bytes=_opt_int(limits.get("memory_bytes")), timeout_s=_opt_float(limits.get("timeout_s")),
                pids=_opt_int(limits.get("pids"))),
            total_time_s=_opt_float(report.get("total_time_s")),
            error=None if error is None else ErrorInfo(
                stage=str(error.get("stage", "")), errno=int(error.get("errno") or 0),
                message=str(error.get("message", ""))),
            runs=tuple(cls.from_report(r) for r in report.get("runs") or ()),
            report=report,
        )
