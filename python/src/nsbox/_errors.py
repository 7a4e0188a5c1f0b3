"""nsbox's own failures: the only exceptions the client raises for a run."""

from __future__ import annotations

from typing import Optional, TYPE_CHECKING

if TYPE_CHECKING:
    from ._result import Result


class NsboxError(Exception):
    """nsbox could not run the code: it is missing, refused the request or
    failed to set the sandbox up (status "error").  What the code did (a
    timeout, an OOM kill, a compile error, blocked code) is a Result."""

    def __init__(self, stage: str, message: str, result: Optional["Result"] = None, errno: int = 0) -> None:
        super().__init__(f"{stage}: {message}" if stage else message)
        self.stage = stage
        self.message = message
        self.errno = errno
        self.result = result
