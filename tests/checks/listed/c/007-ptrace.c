// expect: c-ptrace
#include <stdio.h>
#include <stdlib.h>
#include <sys/ptrace.h>
#include <sys/types.h>

int main(int argc, char **argv) {
    pid_t target = argc > 1 ? (pid_t)atoi(argv[1]) : 1;
    if (ptrace(PTRACE_ATTACH, target, NULL, NULL) == -1) {
        perror("ptrace");
        return 1;
    }
    long word = ptrace(PTRACE_PEEKDATA, target, (void *)0x400000, NULL);
    printf("%lx\n", word);
    return 0;
}
