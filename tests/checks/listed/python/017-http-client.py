# expect: python-network
import http.client

conn = http.client.HTTPSConnection("example.com", timeout=5)
conn.request("GET", "/")
resp = conn.getresponse()
print(resp.status, resp.reason)
