"""One run's request: the JSON config nsbox reads on its stdin, and the
descriptors it reads the code and the program's stdin from.

Nothing here builds a command line from the caller's data: the code and the
input go to nsbox as anonymous memory files (memfd) it opens through
/dev/fd/N, extra files as a private directory mounted read-only, and every
other value as a key of the JSON config, checked the way nsbox's flags are.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from typing import Any, Dict, List, Mapping, Optional, Sequence, Union

from ._errors import NsboxError

Data = Union[str, bytes]

PROFILES = ("standard", "strict")
CHECK_MODES = ("off", "report", "block")
FILES_AT = "/files"


def _bytes(data: Data) -> bytes:
    return data.encode("utf-8") if isinstance(data, str) else bytes(data)


class Request:
    """A config and what it refers to; close() releases both."""

    def __init__(self) -> None:
        self.config: Dict[str, Any] = {"nsbox": 1, "json": True}
        self.fds: List[int] = []
        self._dir: Optional[str] = None
        # A command's stdin is nsbox's own (`interactive`): then the config
        # comes from a memory file, and this is what nsbox reads as stdin.
        self.input_fd: Optional[int] = None
        self._config_path: Optional[str] = None

    def memfd(self, name: str, data: Data) -> str:
        """The data as an unlinked memory file; its /dev/fd path."""
        fd = os.memfd_create(name, os.MFD_CLOEXEC)
        self.fds.append(fd)
        view = memoryview(_bytes(data))
        while view:
            view = view[os.write(fd, view):]
        return f"/dev/fd/{fd}"

    def files(self, files: Mapping[str, Data]) -> None:
        """Files the program reads at /files/NAME, read-only."""
        self._dir = tempfile.mkdtemp(prefix="nsbox-files-")
        top = os.path.join(self._dir, "files")
        os.mkdir(top, 0o755)
        os.chmod(top, 0o755)  # the sandbox's own uid reads it
        for name, data in files.items():
            if not name or name in (".", "..") or "/" in name or "\0" in name:
                raise ValueError(f"files: {name!r} is not a plain file name")
            path = os.path.join(top, name)
            with open(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644), "wb") as f:
                f.write(_bytes(data))
            os.chmod(path, 0o644)
        self.config.setdefault("volume", []).append(f"{top}:{FILES_AT}:ro")

    def command_input(self, data: Data) -> None:
        """The data as nsbox's stdin, which a command's sandbox reads."""
        self.memfd("stdin", data)
        self.input_fd = self.fds[-1]
        os.lseek(self.input_fd, 0, os.SEEK_SET)
        self.config["interactive"] = True

    def argv(self) -> List[str]:
        """`exec --config -`, or the config's memory file when stdin carries input."""
        if self.input_fd is None:
            return ["exec", "--config", "-"]
        if self._config_path is None:
            self._config_path = self.memfd("config", json.dumps(self.config))
        return ["exec", "--config", self._config_path]

    def stdin_bytes(self) -> bytes:
        return b"" if self.input_fd is not None else json.dumps(self.config).encode("utf-8")

    def close(self) -> None:
        for fd in self.fds:
            os.close(fd)
        self.fds = []
        if self._dir is not None:
            shutil.rmtree(self._dir, ignore_errors=True)
            self._dir = None


def _size(value: Union[int, str]) -> Union[int, str]:
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise TypeError("memory: an int (bytes) or a string such as '512m'")
    return value


def build(*, code: Optional[Data] = None, language: Optional[str] = None, argv: Optional[Sequence[str]] = None,
          image: Optional[str] = None, rootfs: Optional[str] = None, stdin: Optional[Data] = None,
          args: Sequence[str] = (), timeout: Optional[float] = None, memory: Union[int, str, None] = None,
          cpus: Optional[float] = None, pids: Optional[int] = None, profile: Optional[str] = None,
          checks: Optional[str] = None, env: Optional[Mapping[str, str]] = None,
          files: Optional[Mapping[str, Data]] = None, root: Optional[str] = None,
          store: Optional[str] = None) -> Request:
    """The request of a language run (code, language) or of a command (argv)."""
    if profile is not None and profile not in PROFILES:
        raise ValueError(f"profile: {profile!r} is not one of {', '.join(PROFILES)}")
    if checks is not None and checks not in CHECK_MODES:
        raise ValueError(f"checks: {checks!r} is not one of {', '.join(CHECK_MODES)}")
    for key, value in (env or {}).items():
        if not key or "=" in key or "\0" in key or "\0" in value:
            raise ValueError(f"env: {key!r} is not a variable name")
    req = Request()
    try:
        c = req.config
        if language is not None:
            c["lang"] = language
            c["code"] = req.memfd("code", code if code is not None else b"")
            if args:
                c["args"] = [str(a) for a in args]
        else:
            if not argv:
                raise ValueError("argv: a command is needed")
            c["argv"] = [str(a) for a in argv]
        if image is not None:
            c["image"] = image
        if rootfs is not None:
            c["rootfs"] = rootfs
        if stdin is not None and language is not None:
            c["stdin"] = req.memfd("stdin", stdin)
        elif stdin is not None:
            req.command_input(stdin)
        optional: Dict[str, Any] = {"timeout": timeout, "cpus": cpus, "pids": pids, "profile": profile,
                                    "checks": checks, "root": root, "store": store}
        if memory is not None:
            optional["memory"] = _size(memory)
        c.update({k: v for k, v in optional.items() if v is not None})
        if env:
            c["env"] = [f"{k}={v}" for k, v in env.items()]
        if files:
            req.files(files)
    except BaseException:
        req.close()
        raise
    return req


def parse_report(stdout: bytes, stderr: bytes, returncode: int) -> Dict[str, Any]:
    """nsbox's report, or NsboxError with what nsbox said when it has none."""
    try:
        report = json.loads(stdout.decode("utf-8", "surrogateescape"))
    except ValueError:
        message = stderr.decode("utf-8", "replace").strip() or f"no report (exit status {returncode})"
        if message.startswith("nsbox: "):
            message = message[len("nsbox: "):]
        raise NsboxError("request", message) from None
    if not isinstance(report, dict) or "status" not in report:
        raise NsboxError("request", "nsbox printed something other than a report")
    return report
