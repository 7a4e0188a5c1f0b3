# expect: python-dynamic-code
src = "import sys\nprint(sys.version)"
runner = getattr(__builtins__, 'exec')
runner(src)
