"""An in-memory, file-like buffer.

The class mimics the shape of a file object (open, write, read, close,
reopen) without calling the builtin open(): data lives in a list of strings.
"""


class BufferClosedError(Exception):
    pass


class MemoryFile:
    def __init__(self, name: str):
        self.name = name
        self.chunks: list[str] = []
        self.opened = False
        self.position = 0
        self.open_count = 0

    def open(self, mode: str = "r") -> "MemoryFile":
        if mode == "w":
            self.chunks.clear()
        self.opened = True
        self.position = 0
        self.open_count += 1
        print(f"open ( {self.name} ) mode={mode!r}")
        return self

    def reopen(self) -> "MemoryFile":
        self.close()
        return self.open("r")

    def write(self, text: str) -> int:
        if not self.opened:
            raise BufferClosedError(f"{self.name} is not opened")
        self.chunks.append(text)
        return len(text)

    def read(self) -> str:
        data = "".join(self.chunks)[self.position:]
        self.position += len(data)
        return data

    def close(self) -> None:
        self.opened = False

    def __enter__(self):
        return self if self.opened else self.open()

    def __exit__(self, *exc):
        self.close()
        return False


buf = MemoryFile("notes.txt")
with buf.open("w") as f:
    f.write("first line\n")
    f.write("second line\n")
print("opened after with:", buf.opened)
print(repr(buf.reopen().read()), "| read again:", repr(buf.read()))
try:
    buf.close()
    buf.write("oops")
except BufferClosedError as err:
    print("error:", err, "| opened", buf.open_count, "times")
