import re
from collections import defaultdict

# Log lines as an strace-like tool would print them; they are plain strings.
LOG = r"""
2024-03-01 12:00:01 INFO  worker-1 open ( file ) -> /var/data/in.csv
2024-03-01 12:00:02 WARN  worker-2 retrying socket connect (attempt 2)
2024-03-01 12:00:02 INFO  worker-1 exec("report") finished in 35ms
2024-03-01 12:00:05 ERROR worker-3 subprocess exited with status 2
2024-03-01 12:00:09 INFO  worker-2 reopened cache C:\tmp\cache.db
2024-03-01 12:01:00 ERROR worker-1 timeout after 30s
"""

LINE = re.compile(
    r"^(?P<date>\d{4}-\d{2}-\d{2}) (?P<time>[\d:]{8}) "
    r"(?P<level>[A-Z]+)\s+(?P<worker>worker-\d+) (?P<msg>.*)$",
    re.MULTILINE,
)
DURATION = re.compile(r"(\d+)(ms|s)\b")


def parse(text):
    return [m.groupdict() for m in LINE.finditer(text)]


def durations_ms(entries):
    for e in entries:
        for amount, unit in DURATION.findall(e["msg"]):
            yield int(amount) * (1 if unit == "ms" else 1000)


entries = parse(LOG)
by_level = defaultdict(list)
for e in entries:
    by_level[e["level"]].append(e["worker"])

for level in ("INFO", "WARN", "ERROR"):
    print(f"{level:<6}{len(by_level[level])}  {sorted(set(by_level[level]))}")
print("durations (ms):", list(durations_ms(entries)))
print("messages mentioning open:", [e["msg"] for e in entries if re.search(r"\bopen\b", e["msg"])])
