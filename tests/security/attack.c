/* attack - try one thing a sandboxed process must not be able to do.
 *
 * Built static so it runs inside any root.  `attack NAME` prints
 * "NAME: blocked ERRNO" and exits 0 when the kernel refused, or
 * "NAME: allowed" and exits 1 when the attempt went through; 2 is a setup
 * failure of the harness itself.  Architecture attacks (int80, x32) are
 * expected to be killed by SIGSYS before they can print anything but the
 * "trying" line.
 *
 * Every attempt is harmless if it does get through (targets that do not
 * exist, invalid commands the kernel rejects only after its permission
 * check): the unit tests run it on the host under the filter alone. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/audit.h>
#include <linux/bpf.h>
#include <linux/keyctl.h>
#include <linux/netlink.h>
#include <linux/perf_event.h>
#include <linux/rtnetlink.h>
#include <linux/reboot.h>
#include <linux/sched.h>
#include <linux/vm_sockets.h>
#include <netinet/in.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/personality.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* Each attack returns 0 when it succeeded, -errno when refused. */
static long
result (long rc)
{
  return rc < 0 ? -errno : 0;
}

static pid_t
spawn_sleeper (void)
{
  pid_t pid = fork ();

  if (pid == 0)
    {
      pause ();
      _exit (0);
    }
  return pid;
}

static void
reap (pid_t pid)
{
  if (pid > 0)
    {
      kill (pid, SIGKILL);
      waitpid (pid, NULL, 0);
    }
}

static long
attack_ptrace_attach (void)
{
  pid_t pid = spawn_sleeper ();
  long rc;

  if (pid < 0)
    return -errno;
  rc = result (ptrace (PTRACE_ATTACH, pid, NULL, NULL));
  reap (pid);
  return rc;
}

static long
attack_ptrace_seize (void)
{
  pid_t pid = spawn_sleeper ();
  long rc;

  if (pid < 0)
    return -errno;
  rc = result (ptrace (PTRACE_SEIZE, pid, NULL, NULL));
  reap (pid);
  return rc;
}

/* Allowed in default.json: a child asks to be traced by its parent. */
static long
attack_ptrace_traceme (void)
{
  int status;
  pid_t pid = fork ();

  if (pid == 0)
    _exit (ptrace (PTRACE_TRACEME, 0, NULL, NULL) < 0 ? errno : 0);
  if (pid < 0 || waitpid (pid, &status, 0) < 0)
    return -errno;
  return WIFEXITED (status) && WEXITSTATUS (status) != 0 ? -WEXITSTATUS (status) : 0;
}

static long
attack_mount (void)
{
  return result (mount ("none", "/nonexistent-nsbox-attack", "tmpfs", 0, NULL));
}

static long
attack_umount (void)
{
  return result (umount2 ("/nonexistent-nsbox-attack", 0));
}

static long
attack_unshare_user (void)
{
  return result (unshare (CLONE_NEWUSER));
}

static long
attack_unshare_mount (void)
{
  return result (unshare (CLONE_NEWNS));
}

static long
attack_setns (void)
{
  int fd = open ("/proc/self/ns/mnt", O_RDONLY | O_CLOEXEC);

  if (fd < 0)
    return -errno == -ENOENT ? result (setns (0, 0)) : -errno;
  return result (setns (fd, CLONE_NEWNS));
}

static long
attack_pivot_root (void)
{
  return result (syscall (SYS_pivot_root, "/nonexistent-nsbox-attack", "/nonexistent-nsbox-attack"));
}

static long
attack_chroot (void)
{
  return result (chroot ("/"));
}

static long
attack_keyctl (void)
{
  return result (syscall (SYS_keyctl, KEYCTL_JOIN_SESSION_KEYRING, "nsbox-attack"));
}

static long
attack_add_key (void)
{
  return result (syscall (SYS_add_key, "user", "nsbox-attack", "x", 1, KEY_SPEC_PROCESS_KEYRING));
}

static long
attack_request_key (void)
{
  return result (syscall (SYS_request_key, "user", "nsbox-attack", NULL, KEY_SPEC_PROCESS_KEYRING));
}

static long
attack_bpf (void)
{
  union bpf_attr attr = { .map_type = BPF_MAP_TYPE_ARRAY, .key_size = 4, .value_size = 4, .max_entries = 1 };

  return result (syscall (SYS_bpf, BPF_MAP_CREATE, &attr, sizeof attr));
}

static long
attack_perf_event_open (void)
{
  struct perf_event_attr attr = { .type = PERF_TYPE_SOFTWARE, .size = sizeof attr,
                                  .config = PERF_COUNT_SW_CPU_CLOCK, .exclude_kernel = 1 };

  return result (syscall (SYS_perf_event_open, &attr, 0, -1, -1, 0));
}

static long
attack_io_uring_setup (void)
{
  char params[120] = { 0 }; /* struct io_uring_params */

  return result (syscall (SYS_io_uring_setup, 4, params));
}

static long
attack_userfaultfd (void)
{
  return result (syscall (SYS_userfaultfd, O_CLOEXEC));
}

static long
attack_open_by_handle_at (void)
{
  struct
  {
    unsigned int handle_bytes;
    int handle_type;
    unsigned char f_handle[8];
  } h = { 8, 1, { 2, 0, 0, 0, 0, 0, 0, 0 } }; /* inode 2: the root of an ext4 file system */

  return result (syscall (SYS_open_by_handle_at, AT_FDCWD, &h, O_RDONLY));
}

static long
attack_name_to_handle_at (void)
{
  struct
  {
    unsigned int handle_bytes;
    int handle_type;
    unsigned char f_handle[128];
  } h = { 128, 0, { 0 } };
  int mount_id;

  return result (syscall (SYS_name_to_handle_at, AT_FDCWD, "/", &h, &mount_id, 0));
}

static long
attack_init_module (void)
{
  static const char not_elf[64];

  return result (syscall (SYS_init_module, not_elf, sizeof not_elf, ""));
}

static long
attack_finit_module (void)
{
  int fd = open ("/proc/self/exe", O_RDONLY | O_CLOEXEC);

  return result (syscall (SYS_finit_module, fd, "", 0));
}

static long
attack_kexec_load (void)
{
  /* Invalid flags: checked after CAP_SYS_BOOT, so this never unloads an image. */
  return result (syscall (SYS_kexec_load, 0, 0, NULL, 0xdead0000UL));
}

static long
attack_reboot (void)
{
  /* An invalid command: EINVAL with CAP_SYS_BOOT, so nothing can happen. */
  return result (syscall (SYS_reboot, LINUX_REBOOT_MAGIC1, LINUX_REBOOT_MAGIC2, 0x6e73626fU, NULL));
}

static long
attack_syslog (void)
{
  char buf[256];

  return result (syscall (SYS_syslog, 3 /* SYSLOG_ACTION_READ_ALL */, buf, sizeof buf));
}

static long
attack_personality_read_implies_exec (void)
{
  return result (personality (READ_IMPLIES_EXEC));
}

static long
attack_personality_addr_no_randomize (void)
{
  return result (personality (ADDR_NO_RANDOMIZE));
}

static long
attack_personality_query (void)
{
  return result (personality (0xffffffff));
}

static long
try_socket (int domain, int type, int protocol)
{
  int fd = socket (domain, type, protocol);

  if (fd < 0)
    return -errno;
  close (fd);
  return 0;
}

static long
attack_socket_vsock (void)
{
  return try_socket (AF_VSOCK, SOCK_STREAM, 0);
}

static long
attack_socket_raw (void)
{
  return try_socket (AF_INET, SOCK_RAW, IPPROTO_ICMP);
}

static long
attack_socket_raw6 (void)
{
  return try_socket (AF_INET6, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_ICMPV6);
}

static long
attack_socket_packet (void)
{
  return try_socket (AF_PACKET, SOCK_RAW, 0);
}

static long
attack_socket_alg (void)
{
  return try_socket (AF_ALG, SOCK_SEQPACKET, 0);
}

static long
attack_netlink_audit (void)
{
  return try_socket (AF_NETLINK, SOCK_RAW, NETLINK_AUDIT);
}

static long
attack_netlink_route (void)
{
  return try_socket (AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
}

static long
attack_netlink_uevent (void)
{
  return try_socket (AF_NETLINK, SOCK_DGRAM, NETLINK_KOBJECT_UEVENT);
}

static long
attack_netlink_xfrm (void)
{
  return try_socket (AF_NETLINK, SOCK_RAW, NETLINK_XFRM);
}

static long
attack_netlink_netfilter (void)
{
  return try_socket (AF_NETLINK, SOCK_RAW, NETLINK_NETFILTER);
}

static long
attack_netlink_generic (void)
{
  return try_socket (AF_NETLINK, SOCK_DGRAM, NETLINK_GENERIC);
}

static long
attack_netlink_sock_diag (void)
{
  return try_socket (AF_NETLINK, SOCK_RAW, NETLINK_SOCK_DIAG);
}

/* Route netlink is allowed for either socket type netlink knows (glibc uses SOCK_RAW, others DGRAM). */
static long
attack_netlink_route_dgram (void)
{
  return try_socket (AF_NETLINK, SOCK_DGRAM, NETLINK_ROUTE);
}

/* Route netlink may read, never write: RTM_DELLINK of an interface index that does not exist.
 * The kernel checks CAP_NET_ADMIN before it looks the index up, so a sandbox gets EPERM and
 * a privileged caller on the host ENODEV (nothing changes either way). */
static long
attack_netlink_route_write (void)
{
  struct
  {
    struct nlmsghdr nh;
    struct ifinfomsg ifi;
  } req = { 0 };
  char buf[4096];
  struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
  int fd = socket (AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
  ssize_t n;

  if (fd < 0)
    return -errno;
  req.nh.nlmsg_len = sizeof req;
  req.nh.nlmsg_type = RTM_DELLINK;
  req.nh.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
  req.nh.nlmsg_seq = 1;
  req.ifi.ifi_family = AF_UNSPEC;
  req.ifi.ifi_index = 0x7ffffff0;
  if (sendto (fd, &req, sizeof req, 0, (struct sockaddr *) &kernel, sizeof kernel) < 0)
    {
      int saved = errno;
      close (fd);
      return -saved;
    }
  n = recv (fd, buf, sizeof buf, 0);
  close (fd);
  if (n < (ssize_t) (NLMSG_HDRLEN + sizeof (struct nlmsgerr)))
    return n < 0 ? -errno : -EPROTO;
  if (((struct nlmsghdr *) buf)->nlmsg_type != NLMSG_ERROR)
    return -EPROTO;
  /* error 0 is the ack of a change that went through. */
  return ((struct nlmsgerr *) NLMSG_DATA ((struct nlmsghdr *) buf))->error;
}

static long
attack_socket_inet (void)
{
  return try_socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
}

static long
attack_clone_flags (unsigned long flags)
{
  int status;
  long pid = syscall (SYS_clone, flags | SIGCHLD, NULL, NULL, NULL, 0);

  if (pid == 0)
    _exit (0);
  if (pid < 0)
    return -errno;
  waitpid (pid, &status, 0);
  return 0;
}

static long
attack_clone_newuser (void)
{
  return attack_clone_flags (CLONE_NEWUSER);
}

static long
attack_clone_newns (void)
{
  return attack_clone_flags (CLONE_NEWNS);
}

static long
attack_clone_newnet (void)
{
  return attack_clone_flags (CLONE_NEWNET);
}

static long
attack_clone3 (void)
{
  struct clone_args args = { .flags = CLONE_NEWUSER, .exit_signal = SIGCHLD };
  long pid = syscall (SYS_clone3, &args, sizeof args);

  if (pid == 0)
    _exit (0);
  if (pid < 0)
    return -errno;
  waitpid (pid, NULL, 0);
  return 0;
}

static long
attack_process_vm_readv (void)
{
  pid_t pid = spawn_sleeper ();
  char buf[8];
  struct iovec local = { buf, sizeof buf }, remote = { (void *) &attack_process_vm_readv, sizeof buf };
  long rc;

  if (pid < 0)
    return -errno;
  rc = result (syscall (SYS_process_vm_readv, pid, &local, 1, &remote, 1, 0));
  reap (pid);
  return rc;
}

static long
attack_fsopen (void)
{
  return result (syscall (SYS_fsopen, "tmpfs", 0));
}

static long
attack_open_tree (void)
{
  return result (syscall (SYS_open_tree, AT_FDCWD, "/", 1 /* OPEN_TREE_CLONE */));
}

static long
attack_move_mount (void)
{
  return result (syscall (SYS_move_mount, AT_FDCWD, "/nonexistent-nsbox-attack", AT_FDCWD,
                         "/nonexistent-nsbox-attack", 0));
}

static long
attack_swapon (void)
{
  return result (syscall (SYS_swapon, "/nonexistent", 0));
}

static long
attack_acct (void)
{
  return result (syscall (SYS_acct, "/nonexistent-nsbox-attack"));
}

static long
attack_settimeofday (void)
{
  struct timeval tv = { .tv_sec = 0, .tv_usec = -1 };

  return result (syscall (SYS_settimeofday, &tv, NULL));
}

static long
attack_clock_settime (void)
{
  /* An invalid time: EINVAL for whoever may set the clock. */
  struct timespec ts = { .tv_sec = 0, .tv_nsec = -1 };

  return result (syscall (SYS_clock_settime, CLOCK_REALTIME, &ts));
}

static long
attack_quotactl (void)
{
  return result (syscall (SYS_quotactl, 0, "/", 0, NULL));
}

#if defined(__x86_64__)
/* getpid through the i386 entry: seccomp sees AUDIT_ARCH_I386. */
static long
attack_int80 (void)
{
  long ret;

  __asm__ volatile ("int $0x80" : "=a"(ret) : "a"(20L) : "memory");
  return ret < 0 ? ret : 0;
}

/* getpid with __X32_SYSCALL_BIT: seccomp sees AUDIT_ARCH_X86_64 and nr >= 0x40000000. */
static long
attack_x32 (void)
{
  long ret;

  __asm__ volatile ("syscall" : "=a"(ret) : "a"(0x40000000L | 39) : "rcx", "r11", "memory");
  return ret < 0 ? ret : 0;
}
#endif

static const struct
{
  const char *name;
  long (*run) (void);
} attacks[] = {
  { "ptrace-attach", attack_ptrace_attach },
  { "ptrace-seize", attack_ptrace_seize },
  { "ptrace-traceme", attack_ptrace_traceme },
  { "mount", attack_mount },
  { "umount", attack_umount },
  { "unshare-user", attack_unshare_user },
  { "unshare-mount", attack_unshare_mount },
  { "setns", attack_setns },
  { "pivot-root", attack_pivot_root },
  { "chroot", attack_chroot },
  { "keyctl", attack_keyctl },
  { "add-key", attack_add_key },
  { "request-key", attack_request_key },
  { "bpf", attack_bpf },
  { "perf-event-open", attack_perf_event_open },
  { "io-uring-setup", attack_io_uring_setup },
  { "userfaultfd", attack_userfaultfd },
  { "open-by-handle-at", attack_open_by_handle_at },
  { "name-to-handle-at", attack_name_to_handle_at },
  { "init-module", attack_init_module },
  { "finit-module", attack_finit_module },
  { "kexec-load", attack_kexec_load },
  { "reboot", attack_reboot },
  { "syslog", attack_syslog },
  { "personality-read-implies-exec", attack_personality_read_implies_exec },
  { "personality-addr-no-randomize", attack_personality_addr_no_randomize },
  { "personality-query", attack_personality_query },
  { "socket-vsock", attack_socket_vsock },
  { "socket-raw", attack_socket_raw },
  { "socket-raw6", attack_socket_raw6 },
  { "socket-packet", attack_socket_packet },
  { "socket-alg", attack_socket_alg },
  { "socket-inet", attack_socket_inet },
  { "netlink-audit", attack_netlink_audit },
  { "netlink-route", attack_netlink_route },
  { "netlink-route-dgram", attack_netlink_route_dgram },
  { "netlink-route-write", attack_netlink_route_write },
  { "netlink-uevent", attack_netlink_uevent },
  { "netlink-xfrm", attack_netlink_xfrm },
  { "netlink-netfilter", attack_netlink_netfilter },
  { "netlink-generic", attack_netlink_generic },
  { "netlink-sock-diag", attack_netlink_sock_diag },
  { "clone-newuser", attack_clone_newuser },
  { "clone-newns", attack_clone_newns },
  { "clone-newnet", attack_clone_newnet },
  { "clone3", attack_clone3 },
  { "process-vm-readv", attack_process_vm_readv },
  { "fsopen", attack_fsopen },
  { "open-tree", attack_open_tree },
  { "move-mount", attack_move_mount },
  { "swapon", attack_swapon },
  { "acct", attack_acct },
  { "settimeofday", attack_settimeofday },
  { "clock-settime", attack_clock_settime },
  { "quotactl", attack_quotactl },
#if defined(__x86_64__)
  { "int80", attack_int80 },
  { "x32", attack_x32 },
#endif
};

int
main (int argc, char **argv)
{
  if (argc != 2)
    {
      fprintf (stderr, "usage: %s ATTACK\n", argv[0]);
      return 2;
    }
  for (size_t i = 0; i < sizeof attacks / sizeof attacks[0]; i++)
    if (strcmp (argv[1], attacks[i].name) == 0)
      {
        long rc;

        printf ("%s: trying\n", argv[1]);
        fflush (stdout);
        rc = attacks[i].run ();
        if (rc == 0)
          {
            printf ("%s: allowed\n", argv[1]);
            return 1;
          }
        printf ("%s: blocked %s\n", argv[1], strerrorname_np ((int) -rc) ? strerrorname_np ((int) -rc) : "?");
        return 0;
      }
  fprintf (stderr, "%s: unknown attack `%s`\n", argv[0], argv[1]);
  return 2;
}
