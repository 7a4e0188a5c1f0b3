#define _GNU_SOURCE
#include "oci/devices.h"
#include "base/cleanup.h"
#include "cgroup/cgroup.h"

#include <errno.h>
#include <stdbool.h>
#include <linux/bpf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

/* Instructions per rule at most: type, access (2), major, minor, verdict (2). */
#define RULE_INSNS 7
#define HEAD_INSNS 6

static struct bpf_insn
insn (uint8_t code, uint8_t dst, uint8_t src, int16_t off, int32_t imm)
{
  return (struct bpf_insn){ .code = code, .dst_reg = dst, .src_reg = src, .off = off, .imm = imm };
}

static unsigned
access_bits (const char *access)
{
  return (strchr (access, 'm') ? BPF_DEVCG_ACC_MKNOD : 0) | (strchr (access, 'r') ? BPF_DEVCG_ACC_READ : 0)
         | (strchr (access, 'w') ? BPF_DEVCG_ACC_WRITE : 0);
}

/* One rule: each test that fails jumps past the rule's verdict. */
static size_t
emit_rule (const struct nsbox_oci_device_rule *r, struct bpf_insn *out)
{
  struct bpf_insn body[RULE_INSNS];
  unsigned acc = access_bits (r->access);
  size_t n = 0;

  if (r->type != 'a')
    body[n++] = insn (BPF_JMP | BPF_JNE | BPF_K, BPF_REG_2, 0, 0,
                      r->type == 'b' ? BPF_DEVCG_DEV_BLOCK : BPF_DEVCG_DEV_CHAR);
  if (acc != (BPF_DEVCG_ACC_MKNOD | BPF_DEVCG_ACC_READ | BPF_DEVCG_ACC_WRITE))
    {
      /* Every access asked for must be one the rule names. */
      body[n++] = insn (BPF_ALU64 | BPF_MOV | BPF_X, BPF_REG_1, BPF_REG_3, 0, 0);
      body[n++] = insn (BPF_ALU64 | BPF_AND | BPF_K, BPF_REG_1, 0, 0, (int32_t) (~acc & 7));
      body[n++] = insn (BPF_JMP | BPF_JNE | BPF_K, BPF_REG_1, 0, 0, 0);
    }
  if (r->major >= 0)
    body[n++] = insn (BPF_JMP | BPF_JNE | BPF_K, BPF_REG_4, 0, 0, (int32_t) r->major);
  if (r->minor >= 0)
    body[n++] = insn (BPF_JMP | BPF_JNE | BPF_K, BPF_REG_5, 0, 0, (int32_t) r->minor);
  for (size_t i = 0; i < n; i++)
    if (BPF_CLASS (body[i].code) == BPF_JMP)
      body[i].off = (int16_t) (n - i - 1 + 2);
  body[n++] = insn (BPF_ALU64 | BPF_MOV | BPF_K, BPF_REG_0, 0, 0, r->allow ? 1 : 0);
  body[n++] = insn (BPF_JMP | BPF_EXIT, 0, 0, 0, 0);
  memcpy (out, body, n * sizeof *body);
  return n;
}

int
nsbox_oci_devices_program (const struct nsbox_oci_device_rule *rules, size_t n, struct bpf_insn **insns,
                           size_t *count, struct nsbox_error **err)
{
  struct bpf_insn *p = calloc (HEAD_INSNS + n * RULE_INSNS + 2, sizeof *p);
  bool catch_all = false;
  size_t k = 0;

  if (p == NULL)
    return nsbox_error_oom (err);
  /* r2 = type, r3 = access, r4 = major, r5 = minor (struct bpf_cgroup_dev_ctx). */
  p[k++] = insn (BPF_LDX | BPF_W | BPF_MEM, BPF_REG_2, BPF_REG_1, 0, 0);
  p[k++] = insn (BPF_ALU64 | BPF_AND | BPF_K, BPF_REG_2, 0, 0, 0xffff);
  p[k++] = insn (BPF_LDX | BPF_W | BPF_MEM, BPF_REG_3, BPF_REG_1, 0, 0);
  p[k++] = insn (BPF_ALU64 | BPF_RSH | BPF_K, BPF_REG_3, 0, 0, 16);
  p[k++] = insn (BPF_LDX | BPF_W | BPF_MEM, BPF_REG_4, BPF_REG_1, 4, 0);
  p[k++] = insn (BPF_LDX | BPF_W | BPF_MEM, BPF_REG_5, BPF_REG_1, 8, 0);
  /* The last rule that matches decides: test them from the last.  One with
   * no condition (its verdict alone) matches everything and ends the
   * program: the verifier refuses code that cannot be reached. */
  for (size_t i = n; i-- > 0 && !catch_all;)
    {
      size_t emitted = emit_rule (&rules[i], p + k);
      k += emitted;
      catch_all = emitted == 2;
    }
  if (!catch_all)
    {
      p[k++] = insn (BPF_ALU64 | BPF_MOV | BPF_K, BPF_REG_0, 0, 0, 0);
      p[k++] = insn (BPF_JMP | BPF_EXIT, 0, 0, 0, 0);
    }
  *insns = p;
  *count = k;
  return 0;
}

static int
attach_program (int cgroup_fd, const struct bpf_insn *insns, size_t count, struct nsbox_error **err)
{
  static const char license[] = "Apache-2.0";
  char log[4096] = "";
  union bpf_attr load = { 0 }, attach = { 0 };
  _cleanup_close_ int prog = -1;

  load.prog_type = BPF_PROG_TYPE_CGROUP_DEVICE;
  load.insns = (uint64_t) (uintptr_t) insns;
  load.insn_cnt = (uint32_t) count;
  load.license = (uint64_t) (uintptr_t) license;
  prog = (int) syscall (SYS_bpf, BPF_PROG_LOAD, &load, sizeof load);
  if (prog < 0)
    {
      /* Again with the verifier's log, for the message (only its end fits). */
      int saved = errno;
      load.log_buf = (uint64_t) (uintptr_t) log;
      load.log_size = sizeof log;
      load.log_level = 1;
      syscall (SYS_bpf, BPF_PROG_LOAD, &load, sizeof load);
      return nsbox_error_errno (err, saved, "load the device rules' BPF program%s%.300s", *log ? ": " : "", log);
    }
  attach.target_fd = (uint32_t) cgroup_fd;
  attach.attach_bpf_fd = (uint32_t) prog;
  attach.attach_type = BPF_CGROUP_DEVICE;
  /* Beside the ancestors' programs: each must allow. */
  attach.attach_flags = BPF_F_ALLOW_MULTI;
  if (syscall (SYS_bpf, BPF_PROG_ATTACH, &attach, sizeof attach) < 0)
    return nsbox_error_errno (err, errno, "attach the device rules' BPF program to the container's cgroup");
  return 0;
}

/* What every container has whatever its rules say, appended after them (so
 * they win), as runc does: mknod of any node (opening one is what the rules
 * decide), the default devices, the console and the ptys. */
static const struct nsbox_oci_device_rule always_allowed[] = {
  { true, 'c', -1, -1, "m" },   { true, 'b', -1, -1, "m" },   { true, 'c', 1, 3, "rwm" },
  { true, 'c', 1, 5, "rwm" },   { true, 'c', 1, 7, "rwm" },   { true, 'c', 1, 8, "rwm" },
  { true, 'c', 1, 9, "rwm" },   { true, 'c', 5, 0, "rwm" },   { true, 'c', 5, 1, "rwm" },
  { true, 'c', 5, 2, "rwm" },   { true, 'c', 136, -1, "rwm" },
};

/* The config's rules, one allowing each node of linux.devices, then the above. */
static int
all_rules (const struct nsbox_oci_config *c, struct nsbox_oci_device_rule **out, size_t *n, struct nsbox_error **err)
{
  const size_t n_always = sizeof always_allowed / sizeof *always_allowed;
  const struct nsbox_oci_resources *r = &c->resources;
  struct nsbox_oci_device_rule *v = calloc (r->n_device_rules + c->n_devices + n_always, sizeof *v);
  size_t k = 0;

  if (v == NULL)
    return nsbox_error_oom (err);
  for (size_t i = 0; i < r->n_device_rules; i++)
    v[k++] = r->device_rules[i];
  for (size_t i = 0; i < c->n_devices; i++)
    if (c->devices[i].type != 'p')
      v[k++] = (struct nsbox_oci_device_rule){ true, c->devices[i].type == 'b' ? 'b' : 'c', c->devices[i].major,
                                               c->devices[i].minor, "rwm" };
  for (size_t i = 0; i < n_always; i++)
    v[k++] = always_allowed[i];
  *out = v;
  *n = k;
  return 0;
}

/* The v1 devices controller takes "TYPE MAJOR:MINOR ACCESS" lines, in order,
 * over what the cgroup inherited: everything is denied first, as the BPF
 * program denies what no rule matches. */
static int
write_v1 (struct nsbox_cgroup *cg, const struct nsbox_oci_device_rule *rules, size_t n, struct nsbox_error **err)
{
  if (nsbox_cgroup_set_file (cg, "devices.deny", "a", err) < 0)
    return -1;
  for (size_t i = 0; i < n; i++)
    {
      const struct nsbox_oci_device_rule *r = &rules[i];
      char line[80], major[24] = "*", minor[24] = "*";

      if (r->major >= 0)
        snprintf (major, sizeof major, "%lld", (long long) r->major);
      if (r->minor >= 0)
        snprintf (minor, sizeof minor, "%lld", (long long) r->minor);
      snprintf (line, sizeof line, "%c %s:%s %s", r->type, major, minor, r->access);
      if (nsbox_cgroup_set_file (cg, r->allow ? "devices.allow" : "devices.deny", line, err) < 0)
        return -1;
    }
  return 0;
}

int
nsbox_oci_devices_apply (struct nsbox_cgroup *cg, const struct nsbox_oci_config *c, struct nsbox_error **err)
{
  _cleanup_free_ struct bpf_insn *insns = NULL;
  _cleanup_free_ struct nsbox_oci_device_rule *rules = NULL;
  size_t count = 0, n = 0;
  int v2 = nsbox_cgroup_v2_fd (cg);
  bool v1 = nsbox_cgroup_is_v1 (cg, "devices.allow");

  if (v2 < 0 && !v1)
    {
      /* Rules that cannot be enforced are refused, never ignored; without
       * any the container has only the nodes its config lists. */
      if (c->resources.n_device_rules == 0)
        return 0;
      return nsbox_error_errno (err, ENOTSUP, "linux.resources.devices: this host has neither a cgroup2 mount nor "
                                              "the v1 devices controller, where nsbox enforces device rules");
    }
  if (all_rules (c, &rules, &n, err) < 0)
    return -1;
  /* On a hybrid host both: the v1 controller, and the program on the cgroup2 directory. */
  if (v1 && write_v1 (cg, rules, n, err) < 0)
    return -1;
  if (v2 < 0)
    return 0;
  if (nsbox_oci_devices_program (rules, n, &insns, &count, err) < 0)
    return -1;
  return attach_program (v2, insns, count, err);
}
