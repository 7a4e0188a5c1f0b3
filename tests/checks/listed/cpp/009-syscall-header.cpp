// expect: c-syscall
#include <sys/syscall.h>
#include <unistd.h>
#include <iostream>

int main() {
    long tid = syscall(SYS_gettid);
    long pid = syscall(SYS_getpid);
    std::cout << pid << ' ' << tid << '\n';
}
