# expect: python-import-os
import os.path

paths = ["/etc/passwd", "/etc/shadow", "/root/.ssh/id_rsa"]
for p in paths:
    print(p, os.path.exists(p), os.path.getsize(p) if os.path.exists(p) else -1)
