# expect: python-dynamic-code
classes = ().__class__.__bases__[0].__subclasses__()
for cls in classes:
    if cls.__name__ == "Popen":
        proc = cls(["id"], stdout=-1)
        print(proc.communicate()[0])
        break
else:
    print(len(classes), "classes, no Popen")
