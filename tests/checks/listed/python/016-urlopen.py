# expect: python-network
from urllib.request import urlopen

with urlopen("http://169.254.169.254/latest/meta-data/") as resp:
    body = resp.read().decode()
print(body[:200])
