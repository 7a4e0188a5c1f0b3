# expect: python-pathlib
from pathlib import Path

home = Path("/root")
for p in home.glob("*"):
    print(p.name)
Path("/tmp/out.txt").write_text("data")
