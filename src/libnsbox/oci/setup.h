/* setup.h - the runtime's side of a container's process, shared by create and exec:
 * its cgroup, the namespaces it joins, the records of the sync protocol,
 * the console socket and the pid file. */
#ifndef NSBOX_OCI_SETUP_H
#define NSBOX_OCI_SETUP_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "base/error.h"
#include "oci/config.h"
#include "oci/init.h"
#include "seccomp/seccomp.h"

#define NSBOX_OCI_CONFIG_MAX (4u << 20)

struct nsbox_oci_cgroup
{
  struct nsbox_cgroup *cg; /* NULL when none was made */
  char **paths;            /* the directories made, NULL-terminated */
  char **made_parents;     /* parents made for them, outermost first */
  char *name;              /* the last component, for the container's cgroup view */
};

/* Create the container's cgroup at linux.cgroupsPath (absolute or relative
 * to each hierarchy's root; with systemd "slice:prefix:name" read as the
 * path systemd would give it), or below nsbox's own cgroup when the config
 * names none, and write linux.resources. */
int nsbox_oci_cgroup_create (const struct nsbox_oci_config *config, const char *id, bool systemd,
                             struct nsbox_oci_cgroup *out, struct nsbox_error **err);
/* linux.resources onto an existing cgroup (create, and update). */
int nsbox_oci_cgroup_apply (struct nsbox_cgroup *cg, const struct nsbox_oci_resources *r, struct nsbox_error **err);
/* Kill what is left, remove the cgroup and the parents made for it. */
int nsbox_oci_cgroup_remove (struct nsbox_oci_cgroup *cgroup, struct nsbox_error **err);
void nsbox_oci_cgroup_release (struct nsbox_oci_cgroup *cgroup);
/* Remove parents recorded at create (deepest first, only when empty). */
void nsbox_oci_cgroup_remove_parents (char *const *made_parents);

/* A process's apparmorProfile and selinuxLabel, the config's mountLabel
 * (c may be NULL): refused where that security module is enabled (nsbox
 * cannot apply them), ignored where it is not, as runc does. */
int nsbox_oci_check_lsm (const struct nsbox_oci_config *c, const struct nsbox_oci_process *p, struct nsbox_error **err);

/* linux.sysctl: each key must belong to a namespace the container has (IPC
 * keys, fs.mqueue.*, net.*, the UTS names), as runc checks: the set-up
 * writes them as the host's root. */
int nsbox_oci_check_sysctls (const struct nsbox_oci_config *c, struct nsbox_error **err);

/* linux.seccomp compiled to BPF, through the cache when there is one. */
int nsbox_oci_seccomp_prepare (const char *json, const char *cache_dir, struct nsbox_seccomp_program *prog,
                               struct nsbox_error **err);

/* The clone flags of the namespaces the config makes new (not the cgroup
 * one: the process unshares it once in its cgroup). */
uint64_t nsbox_oci_clone_flags (const struct nsbox_oci_config *config);

/* Fill init with the namespaces to join (opened here; a pid namespace is
 * entered here, since it takes effect for children) and what to make. */
int nsbox_oci_prepare_init (const struct nsbox_oci_config *config, const struct nsbox_oci_cgroup *cgroup,
                            struct nsbox_oci_init *init, struct nsbox_error **err);
void nsbox_oci_close_joined (struct nsbox_oci_init *init);

/* The runtime's part once the process exists: its id maps, its cgroup,
 * oomScoreAdj, then the go-ahead carrying its host pid.  config NULL: a
 * process of exec, which joins all of that. */
int nsbox_oci_start_init (const struct nsbox_oci_config *config, const struct nsbox_oci_cgroup *cgroup, pid_t pid,
                          int sync_fd, struct nsbox_error **err);

/* Serve the process's set-up until it says NSBOX_OCI_SYNC_CREATED: its
 * errors, its terminal, its call for the runtime's hooks (prestart may be
 * NULL when it never calls: exec). */
typedef int nsbox_oci_prestart_fn (void *data, struct nsbox_error **err);
int nsbox_oci_follow_setup (int sync_fd, const char *console_socket, nsbox_oci_prestart_fn *prestart, void *data,
                            struct nsbox_error **err);

int nsbox_oci_sync_tell (int sync_fd, int type, int32_t value, struct nsbox_error **err);

/* Pass the pty master to the engine's --console-socket (SCM_RIGHTS). */
int nsbox_oci_send_console (const char *socket_path, int master, struct nsbox_error **err);

/* The pid, written atomically (engines poll for the file). */
int nsbox_oci_write_pid_file (const char *path, pid_t pid, struct nsbox_error **err);

#endif
