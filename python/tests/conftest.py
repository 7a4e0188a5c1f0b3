"""The client against the real nsbox: the build tree's binary (NSBOX_BIN),
the toolchain images `make check` builds (NSBOX_TEST_LANG_STORE), a state
root of the suite's own and an nsbox.conf that keeps the machine's results
log out of it.  Run as root, as `make check-python` does."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from typing import Iterator, List

import pytest

import nsbox


@pytest.fixture(scope="session")
def nsbox_bin() -> str:
    path = os.environ.get("NSBOX_BIN")
    if not path:
        pytest.skip("NSBOX_BIN names no nsbox (make check-python sets it)")
    return path


@pytest.fixture(scope="session")
def store() -> str:
    path = os.environ.get("NSBOX_TEST_LANG_STORE")
    if not path or not os.path.isdir(path):
        pytest.skip("NSBOX_TEST_LANG_STORE names no image store (make test-images builds it)")
    return path


@pytest.fixture(scope="session")
def images(nsbox_bin: str, store: str) -> List[str]:
    out = subprocess.run([nsbox_bin, "--store", store, "images", "-q"], capture_output=True, check=True)
    return out.stdout.decode().split()


@pytest.fixture
def workdir() -> Iterator[str]:
    path = tempfile.mkdtemp(prefix="nsbox-pytest-")
    with open(os.path.join(path, "nsbox.conf"), "w") as f:
        f.write('{"results_log": false}\n')
    os.mkdir(os.path.join(path, "root"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture
def client(nsbox_bin: str, store: str, workdir: str) -> nsbox.Client:
    return nsbox.Client(nsbox_bin, store=store, root=os.path.join(workdir, "root"),
                        config=os.path.join(workdir, "nsbox.conf"))


@pytest.fixture
def aclient(nsbox_bin: str, store: str, workdir: str) -> nsbox.AsyncClient:
    return nsbox.AsyncClient(nsbox_bin, store=store, root=os.path.join(workdir, "root"),
                             config=os.path.join(workdir, "nsbox.conf"), max_concurrency=4)
