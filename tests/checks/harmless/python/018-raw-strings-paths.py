r"""Normalise Windows and POSIX path strings without touching the disk.

Raw strings keep backslashes literal: r"C:\new\table" stays as typed.
(No pathlib or os.path here; these are just strings.)
"""
import re

SAMPLES = [
    r"C:\Users\ann\Documents\report.docx",
    r"\\server\share\new\table.csv",
    "/usr/local/bin/python3",
    r"relative\dir\..\file.txt",
    "./a/b/../../c/./d.txt",
]

DRIVE = re.compile(r"^(?P<drive>[A-Za-z]:)?(?P<rest>.*)$")
SEP = re.compile(r"[\\/]+")


def normalise(path: str) -> str:
    unc = path.startswith("\\\\")
    m = DRIVE.match(path)
    drive, rest = m["drive"] or "", m["rest"]
    absolute = unc or bool(re.match(r"[\\/]", rest))
    parts: list[str] = []
    for part in SEP.split(rest):
        if part in ("", "."):
            continue
        if part == ".." and parts and parts[-1] != "..":
            parts.pop()
        else:
            parts.append(part)
    prefix = "//" if unc else ("/" if absolute else "")
    return drive + prefix + "/".join(parts)


def extension(path: str) -> str:
    m = re.search(r"\.([^.\\/]+)$", path)
    return m.group(1).lower() if m else ""


HELP = "Tip: to run the path through a shell, use subprocess in your own tooling, not here."

for s in SAMPLES:
    print(f"{s:<40} -> {normalise(s):<32} [{extension(s) or '-'}]")
print(HELP)
