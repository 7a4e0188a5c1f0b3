"""Clients that start nsbox for each run: Client (threads) and AsyncClient
(asyncio), each bounding how many sandboxes run at once."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import signal
import subprocess
import threading
from dataclasses import dataclass
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple, Union

from . import _request
from ._errors import NsboxError
from ._result import Result

Data = _request.Data
DEFAULT_NSBOX = "nsbox"


@dataclass(frozen=True)
class Language:
    """A language policy (`nsbox langs`)."""

    name: str
    aliases: Tuple[str, ...]
    image: str
    toolchain: Optional[str]
    file: str
    compile: bool
    memory_bytes: Optional[int]
    timeout_s: float
    pids: Optional[int]
    policy: str


@dataclass(frozen=True)
class Image:
    """An image of the store (`nsbox image inspect`)."""

    name: str
    manifest: str
    config_digest: str
    size: int
    created: Optional[int]
    config: Mapping[str, Any]


def _result(report: Dict[str, Any]) -> Result:
    result = Result.from_report(report)
    if result.status == "error":
        e = result.error
        raise NsboxError(e.stage if e else "nsbox", e.message if e else "nsbox failed", result, e.errno if e else 0)
    return result


class _Settings:
    """What every run of a client shares: the binary, the store, the state
    root, nsbox.conf and the bound on concurrent sandboxes."""

    def __init__(self, nsbox: str = DEFAULT_NSBOX, *, store: Optional[str] = None, root: Optional[str] = None,
                 config: Optional[str] = None, max_concurrency: Optional[int] = None) -> None:
        if max_concurrency is not None and max_concurrency < 1:
            raise ValueError("max_concurrency: at least 1")
        self.nsbox = nsbox
        self.store = store
        self.root = root
        self.config = config
        self.max_concurrency = max_concurrency

    def binary(self) -> str:
        path = self.nsbox if os.sep in self.nsbox else shutil.which(self.nsbox)
        if path is None or not os.access(path, os.X_OK):
            raise NsboxError("spawn", f"{self.nsbox}: no such executable")
        return path

    def env(self) -> Dict[str, str]:
        env = dict(os.environ)
        if self.config is not None:
            env["NSBOX_CONFIG"] = self.config
        return env

    def global_args(self) -> List[str]:
        args = []
        if self.store is not None:
            args += ["--store", self.store]
        if self.root is not None:
            args += ["--root", self.root]
        return args

    def request(self, **kw: Any) -> _request.Request:
        return _request.build(root=self.root, store=self.store, **kw)


def _language_of(item: Mapping[str, Any]) -> Language:
    return Language(name=item["name"], aliases=tuple(item.get("aliases") or ()), image=item["image"],
                    toolchain=item.get("toolchain"), file=item["file"], compile=bool(item["compile"]),
                    memory_bytes=item.get("memory_bytes"), timeout_s=float(item.get("timeout_s") or 0),
                    pids=item.get("pids"), policy=item["policy"])


def _images_of(text: str) -> List[Image]:
    # `image inspect A B` prints one object after another.
    decoder, at = json.JSONDecoder(), 0
    images: List[Image] = []
    while True:
        while at < len(text) and text[at].isspace():
            at += 1
        if at >= len(text):
            return images
        obj, at = decoder.raw_decode(text, at)
        images.append(Image(name=obj["name"], manifest=obj["manifest"], config_digest=obj["config_digest"],
                            size=int(obj.get("size") or 0), created=obj.get("created"),
                            config=obj.get("config") or {}))


class Client(_Settings):
    """Runs code with nsbox, blocking; safe to share between threads."""

    def __init__(self, nsbox: str = DEFAULT_NSBOX, *, store: Optional[str] = None, root: Optional[str] = None,
                 config: Optional[str] = None, max_concurrency: Optional[int] = None) -> None:
        super().__init__(nsbox, store=store, root=root, config=config, max_concurrency=max_concurrency)
        self._slots = threading.BoundedSemaphore(max_concurrency) if max_concurrency else None

    def _call(self, args: Sequence[str], stdin: bytes = b"", fds: Sequence[int] = (),
              input_fd: Optional[int] = None) -> "subprocess.CompletedProcess[bytes]":
        try:
            if input_fd is not None:
                return subprocess.run([self.binary(), *args], stdin=input_fd, capture_output=True,
                                      pass_fds=tuple(fds), env=self.env(), check=False)
            return subprocess.run([self.binary(), *args], input=stdin, capture_output=True, pass_fds=tuple(fds),
                                  env=self.env(), check=False)
        except OSError as e:
            raise NsboxError("spawn", f"{self.nsbox}: {e.strerror}", errno=e.errno or 0) from e

    def _submit(self, req: _request.Request) -> Result:
        try:
            if self._slots:
                self._slots.acquire()
            try:
                p = self._call(req.argv(), req.stdin_bytes(), req.fds, req.input_fd)
            finally:
                if self._slots:
                    self._slots.release()
            return _result(_request.parse_report(p.stdout, p.stderr, p.returncode))
        finally:
            req.close()

    def run(self, code: Data, language: str = "python", *, stdin: Optional[Data] = None, args: Sequence[str] = (),
            timeout: Optional[float] = None, memory: Union[int, str, None] = None, cpus: Optional[float] = None,
            pids: Optional[int] = None, profile: Optional[str] = None, checks: Optional[str] = None,
            env: Optional[Mapping[str, str]] = None, files: Optional[Mapping[str, Data]] = None,
            image: Optional[str] = None) -> Result:
        """Check, compile if the language needs it, and run `code`."""
        return self._submit(self.request(code=code, language=language, stdin=stdin, args=args, timeout=timeout,
                                         memory=memory, cpus=cpus, pids=pids, profile=profile, checks=checks,
                                         env=env, files=files, image=image))

    def exec(self, argv: Sequence[str], *, image: Optional[str] = None, rootfs: Optional[str] = None,
             stdin: Optional[Data] = None, timeout: Optional[float] = None, memory: Union[int, str, None] = None,
             cpus: Optional[float] = None, pids: Optional[int] = None, env: Optional[Mapping[str, str]] = None,
             files: Optional[Mapping[str, Data]] = None) -> Result:
        """Run a command in an image of the store or a root directory."""
        if (image is None) == (rootfs is None):
            raise ValueError("exec: give one of image and rootfs")
        return self._submit(self.request(argv=argv, image=image, rootfs=rootfs, stdin=stdin, timeout=timeout,
                                         memory=memory, cpus=cpus, pids=pids, env=env, files=files))

    def _output(self, args: Sequence[str]) -> str:
        p = self._call([*self.global_args(), *args])
        if p.returncode != 0:
            message = p.stderr.decode("utf-8", "replace").strip()
            raise NsboxError(args[0], message.removeprefix("nsbox: ") or f"exit status {p.returncode}")
        return p.stdout.decode("utf-8", "replace")

    def langs(self) -> List[Language]:
        """The language policies nsbox knows."""
        return [_language_of(item) for item in json.loads(self._output(["langs", "--json"]))]

    def images(self) -> List[Image]:
        """The images of the store."""
        names = self._output(["images", "-q"]).split()
        return _images_of(self._output(["image", "inspect", *names])) if names else []

    def stats(self, *, log: Optional[str] = None, since: Optional[str] = None) -> Dict[str, Any]:
        """The summary of the results log (`nsbox stats --format json`)."""
        args = ["stats", "--format", "json"]
        if log is not None:
            args += ["--log", log]
        if since is not None:
            args += ["--since", since]
        summary: Dict[str, Any] = json.loads(self._output(args))
        return summary


class AsyncClient(_Settings):
    """Runs code with nsbox on asyncio.  Cancelling a run's task sends
    nsbox SIGTERM and waits for it to tear the sandbox down."""

    def __init__(self, nsbox: str = DEFAULT_NSBOX, *, store: Optional[str] = None, root: Optional[str] = None,
                 config: Optional[str] = None, max_concurrency: Optional[int] = None) -> None:
        super().__init__(nsbox, store=store, root=root, config=config, max_concurrency=max_concurrency)
        self._slots: Optional[asyncio.Semaphore] = None

    def _semaphore(self) -> Optional[asyncio.Semaphore]:
        if self.max_concurrency and self._slots is None:
            self._slots = asyncio.Semaphore(self.max_concurrency)
        return self._slots

    async def _exec(self, req: _request.Request) -> Tuple[bytes, bytes, int]:
        try:
            proc = await asyncio.create_subprocess_exec(
                self.binary(), *req.argv(), stdin=subprocess.PIPE if req.input_fd is None else req.input_fd,
                stdout=subprocess.PIPE, stderr=subprocess.PIPE, pass_fds=tuple(req.fds), env=self.env())
        except OSError as e:
            raise NsboxError("spawn", f"{self.nsbox}: {e.strerror}", errno=e.errno or 0) from e
        try:
            out, err = await proc.communicate(req.stdin_bytes() if req.input_fd is None else None)
        except asyncio.CancelledError:
            if proc.returncode is None:
                proc.send_signal(signal.SIGTERM)
                # nsbox ends the sandbox and removes what it made; the
                # cancelled task returns only once it has.
                await asyncio.shield(proc.wait())
            raise
        return out, err, proc.returncode if proc.returncode is not None else -1

    async def _submit(self, req: _request.Request) -> Result:
        try:
            slots = self._semaphore()
            if slots is None:
                out, err, rc = await self._exec(req)
            else:
                async with slots:
                    out, err, rc = await self._exec(req)
            return _result(_request.parse_report(out, err, rc))
        finally:
            req.close()

    async def run(self, code: Data, language: str = "python", *, stdin: Optional[Data] = None,
                  args: Sequence[str] = (), timeout: Optional[float] = None, memory: Union[int, str, None] = None,
                  cpus: Optional[float] = None, pids: Optional[int] = None, profile: Optional[str] = None,
                  checks: Optional[str] = None, env: Optional[Mapping[str, str]] = None,
                  files: Optional[Mapping[str, Data]] = None, image: Optional[str] = None) -> Result:
        """Client.run, awaited."""
        return await self._submit(self.request(code=code, language=language, stdin=stdin, args=args,
                                               timeout=timeout, memory=memory, cpus=cpus, pids=pids,
                                               profile=profile, checks=checks, env=env, files=files, image=image))

    async def exec(self, argv: Sequence[str], *, image: Optional[str] = None, rootfs: Optional[str] = None,
                   stdin: Optional[Data] = None, timeout: Optional[float] = None,
                   memory: Union[int, str, None] = None, cpus: Optional[float] = None, pids: Optional[int] = None,
                   env: Optional[Mapping[str, str]] = None, files: Optional[Mapping[str, Data]] = None) -> Result:
        """Client.exec, awaited."""
        if (image is None) == (rootfs is None):
            raise ValueError("exec: give one of image and rootfs")
        return await self._submit(self.request(argv=argv, image=image, rootfs=rootfs, stdin=stdin, timeout=timeout,
                                               memory=memory, cpus=cpus, pids=pids, env=env, files=files))
