/* devices.h - linux.resources.devices enforced: which device nodes the
 * container's processes may open or make.
 *
 * The container's cgroup2 directory gets a BPF_PROG_TYPE_CGROUP_DEVICE
 * program built from the rules (also on a hybrid host, whose cgroup2 mount
 * runs device programs for its tree though it holds no controller), and its
 * v1 devices cgroup, where the host has that controller, the same rules as
 * deny and allow lines.  As with runc, the last rule that matches an access
 * decides it, and an access no rule matches is refused.  A host with
 * neither is refused a config with rules.
 */
#ifndef NSBOX_OCI_DEVICES_H
#define NSBOX_OCI_DEVICES_H

#include "base/error.h"
#include "oci/config.h"

struct nsbox_cgroup;

int nsbox_oci_devices_apply (struct nsbox_cgroup *cg, const struct nsbox_oci_config *config, struct nsbox_error **err);

/* The program for the rules (exposed for the unit tests, which run it). */
struct bpf_insn;
int nsbox_oci_devices_program (const struct nsbox_oci_device_rule *rules, size_t n, struct bpf_insn **insns,
                               size_t *count, struct nsbox_error **err);

#endif
