// expect: c-exec
#include <stdio.h>
#include <unistd.h>

extern char **environ;

int main(void) {
    char *argv[] = { "/bin/sh", "-c", "cat /etc/passwd", NULL };
    execve(argv[0], argv, environ);
    perror("execve");
    return 1;
}
