/* A C program (built static on the host) using threads, fork, exec and
 * POSIX shared memory, as gcc-compiled code does. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

static void *
square (void *arg)
{
  long v = (long) arg;
  return (void *) (v * v);
}

int
main (void)
{
  pthread_t t[8];
  sem_t *sem;
  int status;
  pid_t pid;

  for (long i = 0; i < 8; i++)
    if (pthread_create (&t[i], NULL, square, (void *) i) != 0)
      return perror ("pthread_create"), 1;
  for (long i = 0; i < 8; i++)
    {
      void *r;
      pthread_join (t[i], &r);
      if ((long) r != i * i)
        return fprintf (stderr, "thread %ld\n", i), 1;
    }
  sem = sem_open ("/nsbox-c-check", O_CREAT, 0600, 1);
  if (sem == SEM_FAILED)
    return perror ("sem_open"), 1;
  pid = fork ();
  if (pid == 0)
    {
      sem_wait (sem);
      sem_post (sem);
      execl ("/bin/sh", "sh", "-c", "exit 7", (char *) NULL);
      _exit (127);
    }
  if (pid < 0 || waitpid (pid, &status, 0) < 0 || !WIFEXITED (status) || WEXITSTATUS (status) != 7)
    return fprintf (stderr, "fork/exec failed\n"), 1;
  sem_close (sem);
  sem_unlink ("/nsbox-c-check");
  puts ("OK c");
  return 0;
}
