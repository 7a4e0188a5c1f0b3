# In the real report these numbers are read from sys.stdin or a file passed
# to open(); they are inlined here so the example is self-contained.
import statistics as st
from collections import Counter

response_times_ms = [
    120, 135, 128, 450, 131, 127, 133, 129, 990, 126,
    140, 138, 125, 132, 130, 134, 136, 128, 131, 129,
]


def summary(data):
    q = st.quantiles(data, n=4)
    return {
        "n": len(data),
        "mean": st.fmean(data),
        "median": st.median(data),
        "mode": st.mode(data),
        "stdev": st.stdev(data),
        "q1": q[0],
        "q3": q[2],
    }


def outliers(data, k=1.5):
    q1, _, q3 = st.quantiles(data, n=4)
    iqr = q3 - q1
    lo, hi = q1 - k * iqr, q3 + k * iqr
    return [x for x in data if x < lo or x > hi]


for key, value in summary(response_times_ms).items():
    print(f"{key:>6}: {value:10.2f}")
print("outliers:", outliers(response_times_ms))
clean = [x for x in response_times_ms if x not in outliers(response_times_ms)]
print(f"clean mean {st.mean(clean):.2f} vs raw {st.mean(response_times_ms):.2f}")

x = [1, 2, 3, 4, 5, 6]
y = [2.1, 3.9, 6.2, 7.8, 10.1, 12.2]
slope, intercept = st.linear_regression(x, y)
print(f"y ~ {slope:.3f}x + {intercept:.3f}, r={st.correlation(x, y):.4f}")
print("histogram:", sorted(Counter(v // 10 * 10 for v in clean).items()))
