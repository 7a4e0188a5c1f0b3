// expect: c-exec
#include <spawn.h>
#include <stdio.h>
#include <sys/wait.h>

extern char **environ;

int main(void) {
    pid_t pid;
    char *argv[] = { "sh", "-c", "whoami", NULL };
    if (posix_spawnp(&pid, "sh", NULL, NULL, argv, environ) != 0)
        return 1;
    waitpid(pid, NULL, 0);
    return 0;
}
