"""The client's behaviour against real sandboxes: each test asserts what the
program saw or what the report says."""

from __future__ import annotations

import asyncio
import glob
import os
import subprocess
import sys
import tempfile
import threading
import time
from typing import List, Set

import pytest

import nsbox

HELLO = {
    "python": ("nsbox/python:latest", "print('hello from python')\n", "hello from python\n"),
    "node": ("nsbox/node:latest", "console.log('hello from node');\n", "hello from node\n"),
    "typescript": ("nsbox/node:latest", "const s: string = 'hello from typescript';\nconsole.log(s);\n",
                   "hello from typescript\n"),
    "go": ("nsbox/go:latest", 'package main\nimport "fmt"\nfunc main() { fmt.Println("hello from go") }\n',
           "hello from go\n"),
    "c": ("nsbox/gcc:latest", '#include <stdio.h>\nint main(void) { puts("hello from c"); return 0; }\n',
          "hello from c\n"),
    "cpp": ("nsbox/gcc:latest", '#include <iostream>\nint main() { std::cout << "hello from cpp\\n"; }\n',
            "hello from cpp\n"),
    "rust": ("nsbox/rust:latest", 'fn main() { println!("hello from rust"); }\n', "hello from rust\n"),
    "java": ("nsbox/java:latest",
             'public class Main { public static void main(String[] a) { System.out.println("hello from java"); } }\n',
             "hello from java\n"),
}


def need(images: List[str], image: str) -> None:
    if image not in images:
        pytest.skip(f"{image} is not in the test store")


@pytest.mark.parametrize("language", sorted(HELLO))
def test_every_language_says_hello(client: nsbox.Client, images: List[str], language: str) -> None:
    image, code, out = HELLO[language]
    need(images, image)
    r = client.run(code, language, timeout=60)
    assert r.ok, (r.status, r.stderr)
    assert r.stdout == out
    assert r.language == language
    assert r.checks is not None and r.checks.mode == "block" and not r.checks.blocked
    assert r.wall_time_s > 0 and r.total_time_s is not None and r.total_time_s >= r.wall_time_s
    assert (r.compile is not None) == (language in ("go", "c", "cpp", "rust", "java", "typescript"))


def test_stdin_args_env_and_files_reach_the_program(client: nsbox.Client, images: List[str]) -> None:
    need(images, "nsbox/python:latest")
    code = ("import sys\n"
            "print(input().upper(), sys.argv[1:], __import__('os').environ['GREETING'])\n"
            "print(open('/files/data.txt').read().strip())\n")
    r = client.run(code, stdin="two words\n", args=["a", "b c"], env={"GREETING": "hi there"},
                   files={"data.txt": b"from a file\n"}, checks="report")
    assert r.ok, r.stderr
    assert r.stdout == "TWO WORDS ['a', 'b c'] hi there\nfrom a file\n"
    assert {v.rule for v in r.violations} >= {"python-open", "python-importlib"}


def test_a_timeout_is_a_result(client: nsbox.Client, images: List[str]) -> None:
    need(images, "nsbox/python:latest")
    r = client.run("while True:\n    pass\n", timeout=1)
    assert r.status == "timeout" and r.timed_out and not r.ok
    assert r.limits is not None and r.limits.timeout_s == 1.0
    assert r.wall_time_s < 10


def test_running_out_of_memory_is_a_result(client: nsbox.Client, images: List[str]) -> None:
    need(images, "nsbox/python:latest")
    r = client.run("chunks = []\nwhile True:\n    chunks.append(bytearray(16 << 20))\n", memory="128m", timeout=30)
    assert r.status == "oom" and r.oom_killed, (r.status, r.stderr)
    assert r.memory_peak_bytes is not None and r.memory_peak_bytes > 64 << 20
    assert r.limits is not None and r.limits.memory_bytes == 128 << 20


def test_a_compile_error_is_a_result(client: nsbox.Client, images: List[str]) -> None:
    need(images, "nsbox/gcc:latest")
    r = client.run("int main(void) { return undeclared; }\n", "c")
    assert r.status == "compile-error"
    assert r.compile is not None and r.compile.exit_code not in (None, 0)
    assert "undeclared" in r.stderr


def test_a_syntax_error_is_found_before_any_sandbox(client: nsbox.Client) -> None:
    r = client.run("if True:\nprint(1)\n")
    assert r.status == "syntax-error"
    assert r.syntax_error is not None and r.syntax_error.line == 2
    assert r.report["isolation"] is None


def test_blocked_code_is_a_result_with_its_findings(client: nsbox.Client) -> None:
    r = client.run("import subprocess\nsubprocess.run(['id'])\n")
    assert r.status == "blocked" and not r.ok
    assert r.checks is not None and r.checks.blocked
    v = next(v for v in r.violations if v.rule == "python-import-subprocess")
    assert v.severity == "critical" and v.line == 1 and v.recommendation
    assert r.risk_score >= 40


def test_output_that_is_not_utf8_comes_back_exactly(client: nsbox.Client, images: List[str]) -> None:
    need(images, "nsbox/python:latest")
    r = client.run("import sys\nsys.stdout.buffer.write(bytes(range(256)))\nsys.stderr.buffer.write(b'\\xff\\n')\n")
    assert r.ok, r.stderr
    assert r.stdout_bytes == bytes(range(256))
    assert r.stderr_bytes == b"\xff\n"
    assert "\ufffd" in r.stdout and "\ufffd" in r.stderr


def test_exec_runs_a_command_in_an_image(client: nsbox.Client, images: List[str]) -> None:
    need(images, "nsbox/python:latest")
    r = client.exec(["python3", "-c", "import sys; print(sys.stdin.read()[::-1])"], image="nsbox/python:latest",
                    stdin="abc")
    assert r.ok and r.stdout == "cba\n"
    assert r.language is None
    with pytest.raises(ValueError):
        client.exec(["true"])


def test_cpus_is_what_the_program_may_use(client: nsbox.Client, images: List[str]) -> None:
    need(images, "nsbox/python:latest")
    host = len(os.sched_getaffinity(0))
    r = client.exec(["nproc"], image="nsbox/python:latest", cpus=1)
    assert r.ok and r.stdout == "1\n", r
    r = client.exec(["nproc"], image="nsbox/python:latest")
    assert r.ok and r.stdout == f"{host}\n", r


def test_nsbox_own_failures_raise(client: nsbox.Client, workdir: str) -> None:
    with pytest.raises(nsbox.NsboxError) as e:
        client.run("print(1)", "cobol")
    assert "cobol" in e.value.message
    with pytest.raises(nsbox.NsboxError) as e:
        client.exec(["true"], rootfs=os.path.join(workdir, "no-such-root"))
    assert "no-such-root" in str(e.value)


def test_a_missing_binary_raises(workdir: str) -> None:
    missing = nsbox.Client(os.path.join(workdir, "no", "nsbox"))
    with pytest.raises(nsbox.NsboxError) as e:
        missing.run("print(1)")
    assert e.value.stage == "spawn"
    with pytest.raises(nsbox.NsboxError):
        asyncio.run(nsbox.AsyncClient(os.path.join(workdir, "no", "nsbox")).run("print(1)"))


def test_bad_arguments_raise_before_nsbox_starts(client: nsbox.Client) -> None:
    for kw in ({"profile": "lenient"}, {"checks": "warn"}, {"env": {"A=B": "c"}}, {"files": {"../x": b""}}):
        with pytest.raises(ValueError):
            client.run("print(1)", **kw)  # type: ignore[arg-type]


def sandboxes(nsbox_bin: str, root: str) -> Set[str]:
    out = subprocess.run([nsbox_bin, "--root", root, "ps", "-q"], capture_output=True, check=True)
    return set(out.stdout.decode().split())


def test_sixteen_runs_through_four_slots(nsbox_bin: str, aclient: nsbox.AsyncClient, images: List[str],
                                         workdir: str) -> None:
    need(images, "nsbox/python:latest")
    root = os.path.join(workdir, "root")
    seen: List[int] = []
    done = threading.Event()

    def watch() -> None:
        while not done.is_set():
            seen.append(len(sandboxes(nsbox_bin, root)))
            time.sleep(0.02)

    async def main() -> List[nsbox.Result]:
        return await asyncio.gather(*(aclient.run(f"import time\ntime.sleep(0.4)\nprint({i})\n", timeout=30)
                                      for i in range(16)))

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        results = asyncio.run(main())
    finally:
        done.set()
        watcher.join()
    assert [r.stdout for r in results] == [f"{i}\n" for i in range(16)]
    assert all(r.ok for r in results)
    assert max(seen) <= 4, seen
    assert max(seen) >= 2, seen
    assert sandboxes(nsbox_bin, root) == set()


def test_threads_share_a_client_within_its_bound(client: nsbox.Client, images: List[str], nsbox_bin: str,
                                                 store: str, workdir: str) -> None:
    need(images, "nsbox/python:latest")
    bounded = nsbox.Client(nsbox_bin, store=store, root=client.root, config=client.config, max_concurrency=2)
    results: List[nsbox.Result] = []
    lock = threading.Lock()

    def one(i: int) -> None:
        r = bounded.run(f"print({i} * {i})\n")
        with lock:
            results.append(r)

    threads = [threading.Thread(target=one, args=(i,)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(r.stdout for r in results) == sorted(f"{i * i}\n" for i in range(6))


def test_cancelling_an_async_run_ends_its_sandbox(nsbox_bin: str, aclient: nsbox.AsyncClient, images: List[str],
                                                  workdir: str) -> None:
    need(images, "nsbox/python:latest")
    root = os.path.join(workdir, "root")

    async def main() -> Set[str]:
        task = asyncio.ensure_future(aclient.run("import time\ntime.sleep(60)\n", timeout=120))
        running: Set[str] = set()
        for _ in range(200):
            await asyncio.sleep(0.05)
            running = sandboxes(nsbox_bin, root)
            if running:
                break
        assert running, "the sandbox never started"
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        return running

    started = time.monotonic()
    ids = asyncio.run(main())
    assert time.monotonic() - started < 30
    # Nothing is left: no sandbox in the state root, no process in its cgroup.
    assert sandboxes(nsbox_bin, root) == set()
    for path in glob.glob("/proc/[0-9]*/cgroup"):
        try:
            with open(path) as f:
                text = f.read()
        except OSError:
            continue
        assert not any(i in text for i in ids), f"{path} is still in the sandbox's cgroup"


def test_langs_images_and_stats(client: nsbox.Client, images: List[str], workdir: str) -> None:
    langs = {lang.name: lang for lang in client.langs()}
    assert {"python", "node", "go", "c", "cpp", "rust", "java", "typescript"} <= set(langs)
    assert langs["python"].image == "nsbox/python:latest" and not langs["python"].compile
    assert "golang" in langs["go"].aliases
    listed = {i.name: i for i in client.images()}
    assert set(listed) == set(images)
    for image in listed.values():
        assert image.manifest.startswith("sha256:") and image.size > 0
    log = os.path.join(workdir, "results.jsonl")
    with open(log, "w") as f:
        f.write('{"timestamp": "2026-12-06T10:00:00.000Z", "language": "python", "status": "exited", '
                '"exit_code": 0, "wall_time_s": 0.05, "total_time_s": 0.06}\n')
    summary = client.stats(log=log)
    assert summary["runs"] == 1 and summary["counts"]["success"] == 1


def test_pip_installs_the_package_with_no_index() -> None:
    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    with tempfile.TemporaryDirectory(prefix="nsbox-venv-") as venv:
        made = subprocess.run([sys.executable, "-m", "venv", venv], capture_output=True)
        if made.returncode != 0:
            pytest.skip("no venv module (Debian: python3-venv)")
        pip = subprocess.run([os.path.join(venv, "bin", "pip"), "install", "--no-index", "-q", here],
                             capture_output=True)
        assert pip.returncode == 0, pip.stderr.decode()
        clean = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}  # the installed copy, not the tree
        out = subprocess.run([os.path.join(venv, "bin", "python"), "-c",
                              "import nsbox, sys; print(nsbox.__version__, nsbox.__file__.startswith(sys.prefix))"],
                             capture_output=True, cwd=venv, env=clean)
        assert out.stdout.decode().split() == [nsbox.__version__, "True"], out.stderr.decode()
