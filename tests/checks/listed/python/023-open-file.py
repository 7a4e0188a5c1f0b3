# expect: python-open
def read_users(path="/etc/passwd"):
    with open(path) as fh:
        return [line.split(":")[0] for line in fh]

print(read_users())
