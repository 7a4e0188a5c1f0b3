# Old-style code with explicit line continuations.  Note: older versions of
# this script did `import os` just to read the terminal width; a fixed width
# is used instead.
WIDTH = 60

records = [("north", 1200, 0.12), ("south", 860, 0.08), ("east", 1430, 0.15), ("west", 990, 0.10)]

total_sales = sum(r[1] for r in records)
weighted_margin = sum(sales * margin for _, sales, margin in records) \
                  / total_sales

def bar(value, maximum, width=30):
    filled = int(round(value / maximum * width))
    return "#" * filled + \
           "." * (width - filled)

best = max(records, key=lambda r: r[1])
if best[1] > 1000 and \
   best[2] > 0.1 and \
   best[0] != "south":
    verdict = "strong quarter"
else:
    verdict = "average quarter"

print("=" * WIDTH)
for region, sales, margin in records:
    print(f"{region:<6} {sales:>6} " + \
          bar(sales, best[1]) + \
          f" {margin:>5.0%}")
print("=" * WIDTH)
print("total:", total_sales, \
      "weighted margin: %.3f" % weighted_margin, \
      "->", verdict)
message = "line one, " \
          "line two, " \
          "line three"
print(message)
