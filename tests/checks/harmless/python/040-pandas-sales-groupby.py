import pandas as pd

# Inline data instead of pd.read_csv("sales.csv"), which would open a file.
sales = pd.DataFrame(
    {
        "date": pd.to_datetime(
            ["2024-01-03", "2024-01-15", "2024-02-02", "2024-02-20",
             "2024-03-05", "2024-03-18", "2024-03-29", "2024-01-21"]
        ),
        "region": ["north", "south", "north", "east", "south", "east", "north", "east"],
        "product": ["A", "B", "A", "C", "B", "A", "C", "B"],
        "units": [10, 4, 7, 12, 9, 3, 6, 8],
        "price": [2.5, 10.0, 2.5, 4.0, 10.0, 2.5, 4.0, 10.0],
    }
)
sales["revenue"] = sales["units"] * sales["price"]
sales["month"] = sales["date"].dt.to_period("M")

by_region = (
    sales.groupby("region")
    .agg(orders=("units", "size"), units=("units", "sum"), revenue=("revenue", "sum"))
    .sort_values("revenue", ascending=False)
)
print(by_region, end="\n\n")

monthly = sales.pivot_table(index="month", columns="product", values="revenue", aggfunc="sum", fill_value=0)
print(monthly, end="\n\n")

share = sales.groupby("product")["revenue"].sum().pipe(lambda s: (s / s.sum()).round(3))
print("revenue share:\n", share, sep="")

top = sales.loc[sales.groupby("region")["revenue"].idxmax(), ["region", "product", "revenue"]]
print(top.to_string(index=False))
print("cumulative:", sales.sort_values("date")["revenue"].cumsum().tolist())
