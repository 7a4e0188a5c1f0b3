// expect: c-fork
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void) {
    for (int i = 0; i < 64; i++) {
        pid_t pid = fork();
        if (pid == 0) {
            printf("child %d\n", i);
            return 0;
        }
    }
    while (wait(NULL) > 0) {}
    return 0;
}
