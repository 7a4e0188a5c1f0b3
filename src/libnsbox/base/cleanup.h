/* cleanup.h - owners that release themselves when they go out of scope. */
#ifndef NSBOX_CLEANUP_H
#define NSBOX_CLEANUP_H

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <dirent.h>

#include "base/error.h"

static inline void
nsbox_freep (void *p)
{
  free (*(void **) p);
}

static inline void
nsbox_closep (int *fd)
{
  if (*fd >= 0)
    {
      int saved = errno;
      close (*fd);
      errno = saved;
    }
}

static inline void
nsbox_fclosep (FILE **f)
{
  if (*f)
    fclose (*f);
}

static inline void
nsbox_closedirp (DIR **d)
{
  if (*d)
    closedir (*d);
}

static inline void
nsbox_error_freep (struct nsbox_error **e)
{
  nsbox_error_free (*e);
}

/* NULL-terminated vector of strings. */
static inline void
nsbox_strv_freep (char ***v)
{
  if (*v)
    {
      for (char **p = *v; *p; p++)
        free (*p);
      free (*v);
    }
}

#define _cleanup_free_ __attribute__ ((cleanup (nsbox_freep)))
#define _cleanup_close_ __attribute__ ((cleanup (nsbox_closep)))
#define _cleanup_fclose_ __attribute__ ((cleanup (nsbox_fclosep)))
#define _cleanup_closedir_ __attribute__ ((cleanup (nsbox_closedirp)))
#define _cleanup_error_ __attribute__ ((cleanup (nsbox_error_freep)))
#define _cleanup_strv_ __attribute__ ((cleanup (nsbox_strv_freep)))

static inline void *
nsbox_steal_pointer (void *pp)
{
  void **p = pp;
  void *v = *p;
  *p = NULL;
  return v;
}
#define steal_pointer(pp) nsbox_steal_pointer (pp)

static inline int
steal_fd (int *fd)
{
  int v = *fd;
  *fd = -1;
  return v;
}

#endif
