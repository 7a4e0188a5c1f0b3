/* selfexe.h - nsbox-runtime runs from a sealed copy of itself.
 *
 * Between clone and the container's exec, and in `exec` between fork and
 * exec, a process runs nsbox-runtime's image inside the container's pid
 * namespace; a container whose program is "#!/proc/self/exe" even makes
 * the runtime its program.  Its /proc/PID/exe then leads to the runtime's
 * binary, which a container root could open and overwrite once the process
 * exits (CVE-2019-5736, against runc).  Run from a memfd copy sealed against
 * writes, /proc/PID/exe leads only to that copy. */
#ifndef NSBOX_OCI_SELFEXE_H
#define NSBOX_OCI_SELFEXE_H

#include "base/error.h"

/* When the running image is not a sealed memfd: copy it into one, seal it,
 * and exec it with the same argv and environment (no return on success). */
int nsbox_oci_run_sealed (char **argv, struct nsbox_error **err);

#endif
