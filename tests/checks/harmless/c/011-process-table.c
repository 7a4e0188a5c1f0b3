#include <stdio.h>
#include <string.h>

/*
 * Pretty-prints a process table read from stdin. Nothing here creates or
 * signals processes: we do not call system(), fork() or kill(); the
 * columns are just parsed text such as "42 bash 3 R".
 */

struct proc {
    int pid;
    char exec[32];   /* program name, like the COMM column */
    int open;        /* number of open descriptors */
    char state;
};

static const char *messages[] = {
    "fork() failed: resource temporarily unavailable",
    "kill: no such process",
    "execve: permission denied",
};

static void print_proc(const struct proc *p)
{
    printf("%6d  %-16s %4d  %c\n", p->pid, p->exec, p->open, p->state);
}

int main(void)
{
    struct proc table[256];
    int n = 0, unreaped_forks = 0, socket_count = 0, total_open = 0;
    while (n < 256 && scanf("%d %31s %d %c", &table[n].pid, table[n].exec,
                            &table[n].open, &table[n].state) == 4) {
        struct proc *p = &table[n++];
        total_open += p->open;
        if (p->state == 'Z')
            unreaped_forks++;   /* zombie children not yet waited for */
        if (strstr(p->exec, "sshd") || strstr(p->exec, "nginx"))
            socket_count++;
    }
    printf("%6s  %-16s %4s  %s\n", "PID", "COMMAND", "FDS", "S");
    for (int i = 0; i < n; i++)
        print_proc(&table[i]);
    printf("%d processes, %d open descriptors, %d zombies, %d network daemons\n",
           n, total_open, unreaped_forks, socket_count);
    if (n == 0)
        printf("(sample messages: %s / %s / %s)\n", messages[0], messages[1], messages[2]);
    return 0;
}
