# expect: python-network
import requests

data = {"user": "me", "secret": "hunter2"}
r = requests.post("https://collector.example.net/upload", json=data, timeout=3)
print(r.status_code)
