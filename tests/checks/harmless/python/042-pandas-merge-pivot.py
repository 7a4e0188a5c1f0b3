import pandas as pd

employees = pd.DataFrame(
    [
        (1, "Ada", "eng", 120_000), (2, "Bo", "eng", 95_000), (3, "Cy", "ops", 70_000),
        (4, "Di", "sales", 65_000), (5, "Ed", "ops", 72_000), (6, "Flo", None, 50_000),
    ],
    columns=["emp_id", "name", "dept", "salary"],
)
departments = pd.DataFrame(
    {"dept": ["eng", "ops", "sales", "legal"], "floor": [3, 1, 2, 4], "budget": [400_000, 200_000, 150_000, 90_000]}
)
projects = pd.DataFrame(
    {"emp_id": [1, 1, 2, 3, 5, 5, 5], "project": ["api", "db", "api", "infra", "infra", "oncall", "db"],
     "hours": [30, 10, 40, 35, 20, 10, 5]}
)

merged = employees.merge(departments, on="dept", how="left", indicator=True)
print(merged[["name", "dept", "floor", "_merge"]], end="\n\n")

payroll = employees.groupby("dept", dropna=False)["salary"].sum().rename("payroll")
report = departments.set_index("dept").join(payroll, how="outer")
report["utilisation"] = (report["payroll"] / report["budget"]).round(2)
print(report, end="\n\n")

hours = projects.merge(employees[["emp_id", "name"]], on="emp_id")
matrix = hours.pivot_table(index="name", columns="project", values="hours", aggfunc="sum", fill_value=0, margins=True)
print(matrix, end="\n\n")

long_form = matrix.drop(index="All", columns="All").reset_index().melt(id_vars="name", var_name="project")
print(long_form[long_form["value"] > 0].sort_values(["project", "value"], ascending=[True, False]).to_string(index=False))
