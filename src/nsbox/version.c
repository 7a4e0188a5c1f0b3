/* version.c - `nsbox version` and `nsbox --version`: what this nsbox is, how
 * it was built and what it finds on this host. */
#define _GNU_SOURCE
#include "cli.h"

#include <build-config.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/cleanup.h"
#include "datadirs.h"
#include "nsbox.h"
#include "src/nsbox/git-commit.h"
#include "suid-client.h"

int
nsbox_cmd_version (const struct nsbox_global_options *global, int argc, char **argv)
{
  const struct nsbox_cli_dirs *dirs = nsbox_cli_dirs ();
  _cleanup_error_ struct nsbox_error *err = NULL;
  _cleanup_free_ char *cgroups = NULL;

  (void)global;
  if (argc > 1)
    {
      nsbox_cli_error ("version takes no arguments (see nsbox --help)");
      return 125;
    }
  (void)argv;
  if (nsbox_host_cgroups (&cgroups, &err) < 0)
    cgroups = nsbox_error_format (err);
  printf ("nsbox %s\n", PACKAGE_VERSION);
  printf ("commit: %s\n", NSBOX_GIT_COMMIT[0] ? NSBOX_GIT_COMMIT : "none (not built from a git checkout)");
  printf ("cgroup: %s\n", cgroups ? cgroups : "unknown");
  printf ("libseccomp: %s\n", nsbox_libseccomp_version ());
  if (access (dirs->image_helper, X_OK) == 0)
    printf ("images: oci, oci-archive and docker-archive import, registry pull (%s)\n", dirs->image_helper);
  else
    printf ("images: unavailable (no helper at %s)\n", dirs->image_helper);
  printf ("data: %s%s, %s, %s\n", dirs->build_tree ? "build tree: " : "", dirs->seccomp_profiles, dirs->lang_policies,
          dirs->seccomp_cache);
  /* Which way this user's `nsbox exec` goes. */
  if (geteuid () == 0)
    printf ("mode: root (per-sandbox user namespaces)\n");
  else if (nsbox_cli_suid_helper ())
    printf ("mode: through the setuid helper %s\n", nsbox_cli_suid_helper ());
  else
    printf ("mode: rootless (no setuid helper this user may run)\n");
  return 0;
}
