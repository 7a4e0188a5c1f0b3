// expect: c-asm
#include <stdio.h>

int main(void) {
    long ret;
    __asm__ volatile ("mov $39, %%rax\n\tsyscall" : "=a"(ret) : : "rcx", "r11", "memory");
    printf("pid via asm: %ld\n", ret);
    __asm__("syscall");
    return 0;
}
