"""Clean a messy customer table with pandas string methods.

In production the rows come from pd.read_excel(), which opens the workbook
on disk; the sample rows below stand in for it.
"""
import pandas as pd

raw = pd.DataFrame(
    {
        "name": ["  alice SMITH ", "Bob  o'Neil", "CAROL-ann lee", None, "dave  "],
        "email": ["ALICE@Example.com ", "bob[at]example.com", "carol@example.org", "x@y.z", ""],
        "phone": ["(555) 123-4567", "555.987.6543", "5551112222", "n/a", "+1 555 000 1111"],
        "signup": ["2024-01-05", "05/02/2024", "2024-03-17", "not a date", "2024-04-01"],
    }
)

df = raw.copy()
df["name"] = (
    df["name"].fillna("").str.strip().str.replace(r"\s+", " ", regex=True).str.title()
)
df["email"] = df["email"].str.strip().str.lower()
df["email_ok"] = df["email"].str.match(r"^[\w.+-]+@[\w-]+\.[a-z]{2,}$")
digits = df["phone"].str.replace(r"\D", "", regex=True).str[-10:]
df["phone"] = digits.where(digits.str.len() == 10).str.replace(
    r"(\d{3})(\d{3})(\d{4})", r"\1-\2-\3", regex=True
)
df["signup"] = pd.to_datetime(df["signup"], errors="coerce", format="mixed")
df["domain"] = df["email"].str.extract(r"@([\w.-]+)$", expand=False)

print(df.to_string(index=False), end="\n\n")
print("invalid rows:", df.index[~df["email_ok"] | df["signup"].isna()].tolist())
print(df["domain"].value_counts(dropna=False))
