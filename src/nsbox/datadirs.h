/* datadirs.h - where this nsbox finds its seccomp profiles, language policies,
 * seccomp cache and image helper.
 *
 * The binary `make` leaves in the build tree uses the build tree's data: the
 * profiles and policies of the source tree, the seccomp cache `make` fills and
 * the nsbox-image beside it.  Every other copy, the installed one first of
 * all, uses the install prefix's.  No environment variable is needed for
 * either; NSBOX_SECCOMP_PROFILE_DIR and NSBOX_SECCOMP_CACHE_DIR still
 * override the seccomp directories, and a --config file any of them
 * (exec-args.c sets them as the keys seccomp_profile_dir, seccomp_cache_dir
 * and lang_policy_dir, beneath both). */
#ifndef NSBOX_CLI_DATADIRS_H
#define NSBOX_CLI_DATADIRS_H

#include <stdbool.h>

struct nsbox_cli_dirs
{
  bool build_tree;              /* this process runs the build tree's binary */
  const char *seccomp_profiles; /* named seccomp profiles (default.json, strict.json) */
  const char *seccomp_cache;    /* compiled seccomp filters */
  const char *lang_policies;    /* the shipped language policies */
  const char *image_helper;     /* the nsbox-image program */
  const char *suid_helper;      /* the setuid helper, nsbox-suid(8) (used only when it is setuid root) */
};

/* The directories for this binary, decided once per process. */
const struct nsbox_cli_dirs *nsbox_cli_dirs (void);

#endif
