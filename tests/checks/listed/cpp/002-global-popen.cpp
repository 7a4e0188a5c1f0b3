// expect: c-system
#include <cstdio>
#include <iostream>
#include <memory>

int main() {
    std::unique_ptr<FILE, int (*)(FILE *)> pipe(::popen("id", "r"), ::pclose);
    char buf[128];
    while (pipe && std::fgets(buf, sizeof buf, pipe.get()))
        std::cout << buf;
}
