# expect: python-shutil
import shutil

def clean(target):
    shutil.rmtree(target, ignore_errors=True)
    print("removed", target)

clean("/tmp/build")
print(shutil.which("gcc"))
