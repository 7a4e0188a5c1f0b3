#define _GNU_SOURCE
#include "oci/selfexe.h"
#include "base/cleanup.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <unistd.h>

extern char **environ;

#define SEALS (F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE)

static int
sealed_copy (int from, struct nsbox_error **err)
{
  _cleanup_close_ int copy = memfd_create ("nsbox-runtime", MFD_CLOEXEC | MFD_ALLOW_SEALING);
  struct stat st;

  if (copy < 0 || fstat (from, &st) < 0)
    return nsbox_error_errno (err, errno, "copy nsbox-runtime into memory");
  for (off_t left = st.st_size; left > 0;)
    {
      ssize_t n = sendfile (copy, from, NULL, (size_t) left);
      if (n <= 0)
        return nsbox_error_errno (err, n < 0 ? errno : EIO, "copy nsbox-runtime into memory");
      left -= n;
    }
  if (fcntl (copy, F_ADD_SEALS, SEALS) < 0)
    return nsbox_error_errno (err, errno, "seal the copy of nsbox-runtime");
  return steal_fd (&copy);
}

int
nsbox_oci_run_sealed (char **argv, struct nsbox_error **err)
{
  _cleanup_close_ int self = open ("/proc/self/exe", O_RDONLY | O_CLOEXEC);
  _cleanup_close_ int copy = -1;
  int seals;

  if (self < 0)
    return nsbox_error_errno (err, errno, "open /proc/self/exe");
  seals = fcntl (self, F_GET_SEALS);
  if (seals >= 0 && (seals & SEALS) == SEALS)
    return 0;
  copy = sealed_copy (self, err);
  if (copy < 0)
    return -1;
  fexecve (copy, argv, environ);
  return nsbox_error_errno (err, errno, "run the sealed copy of nsbox-runtime");
}
