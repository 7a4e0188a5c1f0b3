"""nsbox: run untrusted code in kernel sandboxes, from Python.

    import nsbox

    result = nsbox.run("print(input().upper())", language="python", stdin="hi\\n", timeout=5)
    print(result.status, result.exit_code, result.stdout)

Each run starts `nsbox exec` with a JSON config on its stdin and reads its
JSON report: see Client, AsyncClient and Result.  The module-level run(),
exec() and arun() use a client with the defaults (`nsbox` on PATH).
"""

from __future__ import annotations

from typing import Mapping, Optional, Sequence, Union

from ._client import AsyncClient, Client, Image, Language
from ._errors import NsboxError
from ._result import Checks, CompileStep, CpuTime, ErrorInfo, Limits, Result, SyntaxErrorInfo, Violation
from ._version import __version__

__all__ = [
    "AsyncClient", "Checks", "Client", "CompileStep", "CpuTime", "ErrorInfo", "Image", "Language", "Limits",
    "NsboxError", "Result", "SyntaxErrorInfo", "Violation", "__version__", "arun", "exec", "run",
]

Data = Union[str, bytes]


def run(code: Data, language: str = "python", *, stdin: Optional[Data] = None, args: Sequence[str] = (),
        timeout: Optional[float] = None, memory: Union[int, str, None] = None, cpus: Optional[float] = None,
        pids: Optional[int] = None, profile: Optional[str] = None, checks: Optional[str] = None,
        env: Optional[Mapping[str, str]] = None, files: Optional[Mapping[str, Data]] = None,
        image: Optional[str] = None) -> Result:
    """Run `code` in `language` (`nsbox langs`) with the default client."""
    return Client().run(code, language, stdin=stdin, args=args, timeout=timeout, memory=memory, cpus=cpus,
                        pids=pids, profile=profile, checks=checks, env=env, files=files, image=image)


def exec(argv: Sequence[str], *, image: Optional[str] = None, rootfs: Optional[str] = None,
         stdin: Optional[Data] = None, timeout: Optional[float] = None, memory: Union[int, str, None] = None,
         cpus: Optional[float] = None, pids: Optional[int] = None, env: Optional[Mapping[str, str]] = None,
         files: Optional[Mapping[str, Data]] = None) -> Result:
    """Run a command in an image or a root directory with the default client."""
    return Client().exec(argv, image=image, rootfs=rootfs, stdin=stdin, timeout=timeout, memory=memory, cpus=cpus,
                         pids=pids, env=env, files=files)


async def arun(code: Data, language: str = "python", *, stdin: Optional[Data] = None, args: Sequence[str] = (),
               timeout: Optional[float] = None, memory: Union[int, str, None] = None, cpus: Optional[float] = None,
               pids: Optional[int] = None, profile: Optional[str] = None, checks: Optional[str] = None,
               env: Optional[Mapping[str, str]] = None, files: Optional[Mapping[str, Data]] = None,
               image: Optional[str] = None) -> Result:
    """run(), awaited (AsyncClient with the defaults)."""
    return await AsyncClient().run(code, language, stdin=stdin, args=args, timeout=timeout, memory=memory, cpus=cpus,
                                   pids=pids, profile=profile, checks=checks, env=env, files=files, image=image)
