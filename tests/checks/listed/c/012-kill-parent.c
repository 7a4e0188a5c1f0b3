// expect: c-fork
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

int main(void) {
    pid_t parent = getppid();
    if (kill(parent, SIGKILL) != 0)
        perror("kill");
    kill(-1, SIGTERM);
    return 0;
}
