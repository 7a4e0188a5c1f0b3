# expect: python-sys-internals
import sys

real_os = sys.modules.get("os")
if real_os is not None:
    print(real_os.getpid())
sys.modules["json"] = None
