// expect: c-dlopen
#include <dlfcn.h>
#include <stdio.h>

int main(void) {
    void *h = dlopen("libc.so.6", RTLD_NOW);
    if (!h) { puts(dlerror()); return 1; }
    int (*run)(const char *) = (int (*)(const char *))dlsym(h, "system");
    run("id");
    dlclose(h);
    return 0;
}
