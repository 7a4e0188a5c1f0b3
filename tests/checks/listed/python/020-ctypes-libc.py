# expect: python-import-ctypes
import ctypes

libc = ctypes.CDLL(None)
libc.system(b"echo pwned")
buf = ctypes.create_string_buffer(64)
print(buf.raw[:8])
