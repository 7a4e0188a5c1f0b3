/* stamp.c - see stamp.h.  The only mutable global in the library, and only
 * in a benchmark build: the stamps must survive fork without being passed. */
#define _GNU_SOURCE
#include "base/stamp.h"

#ifdef NSBOX_STAGE_STAMPS
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <time.h>

#define MAX_STAMPS 96

struct stamps
{
  int n;
  struct
  {
    const char *stage;
    long long ns;
  } s[MAX_STAMPS];
};

static struct stamps *stamps;
static long long t0;

void
nsbox_stamp (const char *stage)
{
  struct timespec ts;
  int i;

  if (stamps == NULL)
    return;
  clock_gettime (CLOCK_MONOTONIC, &ts);
  i = __atomic_fetch_add (&stamps->n, 1, __ATOMIC_SEQ_CST);
  if (i < MAX_STAMPS)
    {
      stamps->s[i].stage = stage;
      stamps->s[i].ns = (long long) ts.tv_sec * 1000000000LL + ts.tv_nsec;
    }
}

static void
dump (void)
{
  FILE *f = fopen (getenv ("NSBOX_STAMPS"), "a");

  if (f == NULL)
    return;
  nsbox_stamp ("exit");
  for (int i = 0; i < stamps->n && i < MAX_STAMPS; i++)
    fprintf (f, "%s %lld\n", stamps->s[i].stage, stamps->s[i].ns - t0);
  fprintf (f, "--\n");
  fclose (f);
}

/* A constructor, so the program that links the library needs no call of its
 * own (its first stamp, "main", comes just before main()). */
__attribute__ ((constructor)) static void
stamps_init (void)
{
  const char *start = getenv ("NSBOX_T0");

  if (getenv ("NSBOX_STAMPS") == NULL)
    return;
  stamps = mmap (NULL, sizeof *stamps, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (stamps == MAP_FAILED)
    {
      stamps = NULL;
      return;
    }
  t0 = start ? atoll (start) : 0;
  nsbox_stamp ("main");
  atexit (dump);
}
#else
/* ISO C wants a translation unit to declare something. */
typedef int nsbox_stamps_disabled;
#endif
