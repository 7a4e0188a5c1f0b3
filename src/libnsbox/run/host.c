/* host.c - what this host and this build offer, for `nsbox version` and for
 * programs that want to say the same. */
#include "nsbox.h"
#include "cgroup/cgroup.h"
#include "seccomp/seccomp.h"

int
nsbox_host_cgroups (char **text, struct nsbox_error **err)
{
  return nsbox_cgroup_describe_host (text, err);
}

const char *
nsbox_libseccomp_version (void)
{
  return nsbox_seccomp_libseccomp_version ();
}
