"""An in-tree PEP 517 build backend for the nsbox client.

It needs nothing but the standard library, so pip builds the package without
fetching setuptools: the machines nsbox runs on often reach no package index.
The wheel is pure Python (py3-none-any) and reproducible: its files are
sorted and dated SOURCE_DATE_EPOCH (else 1980-01-01).
"""

from __future__ import annotations

import base64
import hashlib
import io
import os
import tarfile
import time
import zipfile
from typing import Dict, List, Optional, Tuple

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NAME = "nsbox"
SUMMARY = "Run untrusted code in nsbox's kernel sandboxes from Python"


def _version() -> str:
    scope: Dict[str, str] = {}
    with open(os.path.join(HERE, "src", NAME, "_version.py"), encoding="utf-8") as f:
        exec(f.read(), scope)  # noqa: S102 - our own file, for __version__ alone
    return scope["__version__"]


def _package_files() -> List[Tuple[str, str]]:
    """(path in the wheel, path on disk) of the package, sorted."""
    top = os.path.join(HERE, "src", NAME)
    found = []
    for name in sorted(os.listdir(top)):
        if name.endswith(".py") or name == "py.typed":
            found.append((f"{NAME}/{name}", os.path.join(top, name)))
    return found


def _metadata() -> str:
    with open(os.path.join(HERE, "README.md"), encoding="utf-8") as f:
        readme = f.read()
    return (f"Metadata-Version: 2.1\nName: {NAME}\nVersion: {_version()}\nSummary: {SUMMARY}\n"
            "Requires-Python: >=3.9\nClassifier: Programming Language :: Python :: 3\n"
            "Classifier: Operating System :: POSIX :: Linux\nClassifier: Typing :: Typed\n"
            f"Description-Content-Type: text/markdown\n\n{readme}")


def _date() -> Tuple[int, int, int, int, int, int]:
    epoch = int(os.environ.get("SOURCE_DATE_EPOCH", "315532800"))
    return time.gmtime(max(epoch, 315532800))[:6]


def _record_line(path: str, data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{path},sha256={digest},{len(data)}\n"


def build_wheel(wheel_directory: str, config_settings: Optional[Dict[str, str]] = None,
                metadata_directory: Optional[str] = None) -> str:
    version = _version()
    dist_info = f"{NAME}-{version}.dist-info"
    wheel_name = f"{NAME}-{version}-py3-none-any.whl"
    entries: List[Tuple[str, bytes]] = []
    for arc, path in _package_files():
        with open(path, "rb") as f:
            entries.append((arc, f.read()))
    entries.append((f"{dist_info}/METADATA", _metadata().encode()))
    entries.append((f"{dist_info}/WHEEL", b"Wheel-Version: 1.0\nGenerator: nsbox_backend\n"
                    b"Root-Is-Purelib: true\nTag: py3-none-any\n"))
    entries.append((f"{dist_info}/top_level.txt", f"{NAME}\n".encode()))
    record = "".join(_record_line(arc, data) for arc, data in entries) + f"{dist_info}/RECORD,,\n"
    entries.append((f"{dist_info}/RECORD", record.encode()))
    os.makedirs(wheel_directory, exist_ok=True)
    with zipfile.ZipFile(os.path.join(wheel_directory, wheel_name), "w", zipfile.ZIP_DEFLATED) as z:
        for arc, data in entries:
            info = zipfile.ZipInfo(arc, _date())
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)
    return wheel_name


def build_sdist(sdist_directory: str, config_settings: Optional[Dict[str, str]] = None) -> str:
    version = _version()
    base = f"{NAME}-{version}"
    files = ["pyproject.toml", "README.md", ".flake8", "_backend/nsbox_backend.py"]
    files += [os.path.relpath(path, HERE) for _, path in _package_files()]
    os.makedirs(sdist_directory, exist_ok=True)
    name = f"{base}.tar.gz"
    with tarfile.open(os.path.join(sdist_directory, name), "w:gz", format=tarfile.PAX_FORMAT) as t:
        pkg_info = _metadata().encode()
        entries = [("PKG-INFO", pkg_info)]
        for rel in sorted(files):
            with open(os.path.join(HERE, rel), "rb") as f:
                entries.append((rel, f.read()))
        for rel, data in entries:
            info = tarfile.TarInfo(f"{base}/{rel}")
            info.size, info.mode, info.mtime = len(data), 0o644, int(time.mktime(_date() + (0, 0, 0)))
            t.addfile(info, io.BytesIO(data))
    return name


def get_requires_for_build_wheel(config_settings: Optional[Dict[str, str]] = None) -> List[str]:
    return []


def get_requires_for_build_sdist(config_settings: Optional[Dict[str, str]] = None) -> List[str]:
    return []
