# Meeting scheduler.  Everything is computed; there is no time.sleep(),
# no threading.Timer and no cron job being installed.
from datetime import date, datetime, timedelta

WORKDAY_START, WORKDAY_END = 9, 17


def next_weekdays(start: date, count: int):
    day = start
    while count:
        if day.weekday() < 5:
            yield day
            count -= 1
        day += timedelta(days=1)


def free_slots(day: date, busy: list[tuple[int, int]], length: int = 1):
    hour = WORKDAY_START
    for begin, end in sorted(busy) + [(WORKDAY_END, WORKDAY_END)]:
        while hour + length <= begin:
            yield datetime(day.year, day.month, day.day, hour)
            hour += length
        hour = max(hour, end)


BUSY = {0: [(9, 11), (13, 14)], 2: [(10, 16)], 4: []}

start = date(2024, 3, 8)  # a Friday
for i, day in enumerate(next_weekdays(start, 5)):
    slots = list(free_slots(day, BUSY.get(i, [(9, 17)])))
    shown = ", ".join(s.strftime("%H:%M") for s in slots) or "fully booked"
    print(f"{day:%a %d %b}: {shown}")

deadline = datetime(2024, 12, 31, 23, 59)
delta = deadline - datetime(2024, 3, 8, 12, 0)
print(f"{delta.days} days and {delta.seconds // 3600} hours until {deadline.isoformat(sep=' ')}")
