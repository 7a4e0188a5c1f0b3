// expect: c-dlopen
#include <dlfcn.h>
#include <iostream>

using run_fn = int (*)(const char *);

int main() {
    auto run = reinterpret_cast<run_fn>(dlsym(RTLD_DEFAULT, "system"));
    if (run) std::cout << run("id") << '\n';
}
