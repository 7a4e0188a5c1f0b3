# expect: python-import-subprocess
from subprocess import *

result = check_output(["cat", "/etc/hostname"])
print(result.decode().strip())
