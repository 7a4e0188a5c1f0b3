# Python features that must run under the default seccomp profile.
import asyncio
import multiprocessing as mp
import os
import subprocess
import sys
import threading


def square(x):
    return x * x


def worker(sem, lock, counter):
    with sem:
        with lock:
            counter.value += 1


def check_threads():
    out = []
    threads = [threading.Thread(target=lambda i=i: out.append(square(i))) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(out) == [i * i for i in range(8)], out
    print("threads ok")


def check_multiprocessing():
    # Semaphore, Lock and Value live in POSIX shared memory under /dev/shm.
    sem, lock, counter = mp.Semaphore(2), mp.Lock(), mp.Value("i", 0)
    procs = [mp.Process(target=worker, args=(sem, lock, counter)) for _ in range(4)]
    for p in procs:
        p.start()
    for p in procs:
        p.join()
        assert p.exitcode == 0, p.exitcode
    assert counter.value == 4, counter.value
    for method in ("fork", "spawn", "forkserver"):
        with mp.get_context(method).Pool(2) as pool:
            assert pool.map(square, range(6)) == [0, 1, 4, 9, 16, 25]
    q = mp.Queue()
    q.put("x")
    assert q.get(timeout=10) == "x"
    print("multiprocessing ok")


async def async_main():
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-c", "print('child')", stdout=asyncio.subprocess.PIPE)
    out, _ = await proc.communicate()
    assert out == b"child\n", out
    results = await asyncio.gather(*(asyncio.sleep(0.01, result=i) for i in range(10)))
    assert results == list(range(10))
    loop = asyncio.get_running_loop()
    assert await loop.run_in_executor(None, square, 7) == 49


def check_asyncio():
    asyncio.run(async_main())
    print("asyncio ok")


def check_subprocess():
    r = subprocess.run(["sh", "-c", "echo $((6*7))"], capture_output=True, text=True, check=True)
    assert r.stdout == "42\n", r.stdout
    r = subprocess.run([sys.executable, "-c", "import os; print(os.getpid() > 1)"],
                       capture_output=True, text=True, check=True)
    assert r.stdout == "True\n", r.stdout
    print("subprocess ok")


def check_numpy():
    import numpy as np
    a = np.random.default_rng(1).random((200, 200))
    b = a @ a.T
    assert b.shape == (200, 200)
    assert abs(np.linalg.det(np.eye(3) * 2) - 8) < 1e-9
    print("numpy ok")


if __name__ == "__main__":  # spawn and forkserver children import this file
    check_threads()
    check_multiprocessing()
    check_asyncio()
    check_subprocess()
    if len(sys.argv) < 2 or sys.argv[1] != "--no-numpy":
        check_numpy()
    print("OK python")
