# expect: python-import-os
from os import system as s

def report(status):
    print("status:", status)

report(s("uname -a"))
