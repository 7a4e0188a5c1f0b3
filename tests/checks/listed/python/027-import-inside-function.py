# expect: python-import-subprocess
def run(cmd):
    try:
        from subprocess import check_output as co
    except ImportError:
        return ""
    return co(cmd, shell=True).decode()

print(run("whoami"))
