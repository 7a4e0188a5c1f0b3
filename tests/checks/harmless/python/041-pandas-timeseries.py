import numpy as np
import pandas as pd

rng = np.random.default_rng(11)
index = pd.date_range("2024-01-01", periods=90, freq="D")
temps = pd.Series(
    10 + 8 * np.sin(np.linspace(0, 3 * np.pi, len(index))) + rng.normal(0, 1.5, len(index)),
    index=index,
    name="temp_c",
)
temps.iloc[[5, 17, 40]] = np.nan

filled = temps.interpolate(method="time")
weekly = filled.resample("W").agg(["mean", "min", "max"]).round(2)
print(weekly.head(6), end="\n\n")

rolling = filled.rolling(window=7, center=True).mean()
anomalies = filled[(filled - rolling).abs() > 2.5]
print("anomalies:")
print(anomalies.round(2).to_string(), end="\n\n")

monthly = filled.groupby(filled.index.month_name()).describe()[["mean", "std", "max"]]
print(monthly.round(2), end="\n\n")

diff = filled.diff()
print("largest daily rise:", diff.idxmax().date(), round(diff.max(), 2))
print("days above 15C:", int((filled > 15).sum()))
print("pct change (first 3):", filled.pct_change().iloc[1:4].round(3).tolist())
