// expect: c-fork
#include <iostream>
#include <sys/wait.h>
#include <unistd.h>

int main() {
    auto spawn = [](int id) {
        pid_t p = fork();
        if (p == 0) { std::cout << "worker " << id << std::endl; _exit(0); }
        return p;
    };
    for (int i = 0; i < 8; ++i) spawn(i);
    while (wait(nullptr) > 0) {}
}
