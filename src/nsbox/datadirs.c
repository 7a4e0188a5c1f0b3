/* datadirs.c - the build tree's data for the build tree's binary, the install
 * prefix's for every other.
 *
 * The build tree's binary is recognised by the path the kernel reports for
 * /proc/self/exe, compared as a string with the physical path configure
 * recorded: no file in the build tree is consulted to decide, so an installed
 * nsbox never reads a build tree, even one an unprivileged user later
 * replaces with symlinks (the build tree may well be in /tmp).  A copy or a
 * moved build tree gets the install prefix's data, and says so in
 * `nsbox version`. */
#define _GNU_SOURCE
#include "datadirs.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef NSBOX_LIBEXECDIR
#define NSBOX_LIBEXECDIR "/usr/local/libexec/nsbox"
#endif

#if defined(NSBOX_BUILD_DIR) && defined(NSBOX_BUILD_SRCDIR)
static bool
running_build_binary (void)
{
  char self[PATH_MAX];
  ssize_t n = readlink ("/proc/self/exe", self, sizeof self - 1);

  if (n <= 0)
    return false;
  self[n] = '\0';
  return strcmp (self, NSBOX_BUILD_DIR "/src/nsbox/nsbox") == 0;
}
#endif

const struct nsbox_cli_dirs *
nsbox_cli_dirs (void)
{
  static struct nsbox_cli_dirs dirs;
  static bool decided;

  if (decided)
    return &dirs;
  decided = true;
#if defined(NSBOX_BUILD_DIR) && defined(NSBOX_BUILD_SRCDIR)
  if (running_build_binary ())
    {
      dirs = (struct nsbox_cli_dirs){
        .build_tree = true,
        .seccomp_profiles = NSBOX_BUILD_SRCDIR "/policies/seccomp",
        .seccomp_cache = NSBOX_BUILD_DIR "/seccomp-cache",
        .lang_policies = NSBOX_BUILD_SRCDIR "/policies/lang",
        .image_helper = NSBOX_BUILD_DIR "/src/nsbox-image/nsbox-image",
        .suid_helper = NSBOX_BUILD_DIR "/src/nsbox-suid/nsbox-suid",
      };
      return &dirs;
    }
#endif
  dirs = (struct nsbox_cli_dirs){
    .seccomp_profiles = NSBOX_DATADIR "/seccomp",
    .seccomp_cache = NSBOX_SECCOMP_CACHE_DIR,
    .lang_policies = NSBOX_DATADIR "/lang",
    .image_helper = NSBOX_LIBEXECDIR "/nsbox-image",
    .suid_helper = NSBOX_LIBEXECDIR "/nsbox-suid",
  };
  return &dirs;
}
