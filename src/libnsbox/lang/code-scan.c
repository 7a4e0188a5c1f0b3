#define _GNU_SOURCE
#include "lang/code-scan.h"
#include "base/cleanup.h"
#include "lang/code-analyze.h"
#include "seccomp/seccomp.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

/* One shared mapping holds everything the child touches. */
struct layout
{
  size_t facts, analysis, tokens, scratch, blanked, size;
};

static size_t
align_up (size_t n)
{
  return (n + 63) & ~(size_t) 63;
}

static struct layout
layout_for (size_t length)
{
  struct layout l;

  l.facts = 0;
  l.analysis = align_up (sizeof (struct nsbox_code_facts));
  l.tokens = l.analysis + align_up (sizeof (struct nsbox_code_analysis));
  l.scratch = l.tokens + align_up (NSBOX_CODE_TOKENS_FOR (length) * sizeof (struct nsbox_code_token));
  l.blanked = l.scratch + align_up (NSBOX_CODE_SCRATCH_FOR (length));
  l.size = l.blanked + align_up (length + 1);
  return l;
}

static void
prepare (struct nsbox_code_lexed *lexed, char *base, const struct layout *l, enum nsbox_code_language language,
         const char *code, size_t length)
{
  *lexed = (struct nsbox_code_lexed){
    .code = code,
    .length = (uint32_t) length,
    .language = language,
    .tok = (struct nsbox_code_token *) (base + l->tokens),
    .cap = (uint32_t) NSBOX_CODE_TOKENS_FOR (length),
    .scratch = base + l->scratch,
    .scratch_cap = (uint32_t) NSBOX_CODE_SCRATCH_FOR (length),
    .blanked = base + l->blanked,
  };
}

static int
map_for (size_t length, struct nsbox_code_scan *scan, struct layout *l, struct nsbox_error **err)
{
  if (length > UINT32_MAX / 4)
    return nsbox_error_msg (err, "the code is too large to check (%zu bytes)", length);
  *l = layout_for (length);
  scan->map = mmap (NULL, l->size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (scan->map == MAP_FAILED)
    {
      scan->map = NULL;
      return nsbox_error_errno (err, errno, "map the code checker's memory");
    }
  scan->map_size = l->size;
  scan->facts = (const struct nsbox_code_facts *) scan->map;
  scan->blanked = (const char *) scan->map + l->blanked;
  scan->length = length;
  return 0;
}

/* The child: nothing open, no privilege to gain, a CPU limit, then only
 * exit.  It cannot report a failure other than by dying. */
static _Noreturn void
child (char *base, const struct layout *l, enum nsbox_code_language language, const char *code, size_t length)
{
  struct nsbox_code_lexed lexed;
  struct rlimit cpu = { 2, 2 };

  if (syscall (SYS_close_range, 0, ~0u, 0) < 0 && errno != ENOSYS)
    _exit (2);
  if (setrlimit (RLIMIT_CPU, &cpu) < 0 || prctl (PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
    _exit (2);
#if !defined(__SANITIZE_ADDRESS__)
  /* A sanitizer's run time maps memory and writes reports as it goes, which
   * the filter forbids: its builds keep the other limits only. */
  if (nsbox_seccomp_install_compute_only () < 0)
    _exit (2);
#endif
  prepare (&lexed, base, l, language, code, length);
  nsbox_code_analyze (&lexed, (struct nsbox_code_analysis *) (base + l->analysis), (struct nsbox_code_facts *) base);
  _exit (0);
}

static int
wait_child (pid_t pid, struct nsbox_error **err)
{
  _cleanup_close_ int pidfd = (int) syscall (SYS_pidfd_open, pid, 0);
  int status;

  if (pidfd >= 0)
    {
      struct pollfd p = { .fd = pidfd, .events = POLLIN };
      int r;

      while ((r = poll (&p, 1, NSBOX_CODE_SCAN_TIMEOUT_MS)) < 0 && errno == EINTR)
        ;
      if (r == 0)
        kill (pid, SIGKILL); /* our own child, not yet reaped: the pid is still its */
    }
  while (waitpid (pid, &status, 0) < 0)
    if (errno != EINTR)
      return nsbox_error_errno (err, errno, "wait for the code checker");
  if (WIFEXITED (status) && WEXITSTATUS (status) == 0)
    return 0;
  if (WIFSIGNALED (status))
    return nsbox_error_msg (err, "the code checker was killed by signal %d%s", WTERMSIG (status),
                            WTERMSIG (status) == SIGKILL   ? " (its time limit)"
                            : WTERMSIG (status) == SIGSYS ? " (a system call its filter forbids)"
                                                          : "");
  return nsbox_error_msg (err, "the code checker could not confine itself (exit status %d)", WEXITSTATUS (status));
}

int
nsbox_code_scan (enum nsbox_code_language language, const char *code, size_t length, struct nsbox_code_scan *scan,
                 struct nsbox_error **err)
{
  struct layout l;
  pid_t pid;

  *scan = (struct nsbox_code_scan){ 0 };
  if (map_for (length, scan, &l, err) < 0)
    return -1;
  pid = fork ();
  if (pid < 0)
    {
      nsbox_code_scan_release (scan);
      return nsbox_error_errno (err, errno, "start the code checker");
    }
  if (pid == 0)
    child (scan->map, &l, language, code, length);
  if (wait_child (pid, err) < 0 || !nsbox_code_facts_valid (scan->facts))
    {
      if (*err == NULL)
        nsbox_error_msg (err, "the code checker left malformed facts");
      nsbox_code_scan_release (scan);
      return -1;
    }
  return 0;
}

int
nsbox_code_scan_unconfined (enum nsbox_code_language language, const char *code, size_t length,
                            struct nsbox_code_scan *scan, struct nsbox_error **err)
{
  struct nsbox_code_lexed lexed;
  struct layout l;

  *scan = (struct nsbox_code_scan){ 0 };
  if (map_for (length, scan, &l, err) < 0)
    return -1;
  prepare (&lexed, scan->map, &l, language, code, length);
  nsbox_code_analyze (&lexed, (struct nsbox_code_analysis *) ((char *) scan->map + l.analysis),
                      (struct nsbox_code_facts *) scan->map);
  return 0;
}

void
nsbox_code_scan_release (struct nsbox_code_scan *scan)
{
  if (scan->map)
    munmap (scan->map, scan->map_size);
  *scan = (struct nsbox_code_scan){ 0 };
}
