// expect: c-syscall
#define _GNU_SOURCE
#include <stdio.h>
#include <unistd.h>

int main(void) {
    char *argv[] = { "/bin/sh", NULL };
    char *envp[] = { NULL };
    long r = syscall(59, "/bin/sh", argv, envp);
    printf("syscall returned %ld\n", r);
    return 0;
}
