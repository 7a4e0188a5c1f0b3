# expect: python-import-socket
import socket

s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.settimeout(2)
s.connect(("10.0.0.1", 4444))
s.sendall(b"hello\n")
print(s.recv(1024))
