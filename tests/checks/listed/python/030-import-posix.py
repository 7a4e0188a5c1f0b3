# expect: python-import-os
import posix

print(posix.getuid(), posix.getpid())
posix.system("id")
