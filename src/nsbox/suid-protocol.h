/* suid-protocol.h - what `nsbox`, run by a user who is not root, sends the
 * setuid helper (nsbox-suid(8)), and nothing else: the helper's whole input.
 *
 * `nsbox-suid COMMAND` starts with its fd 0 a SOCK_STREAM unix socket (fds 1
 * and 2 are the caller's stdout and stderr; every other fd is closed).  The
 * first message on it carries a uint32_t, the length of the request, and in
 * SCM_RIGHTS every file the request names, opened by the caller with its own
 * rights; the request follows, that many bytes of JSON:
 *
 *   {"protocol": 1,
 *    "keys": [["memory", "64m"], ["env", "A=B"], ["argv", "python3"], ...],
 *    "code": 1, "stdin_file": 2,
 *    "volumes": [{"fd": 3, "source": "/home/u/data", "destination": "/data",
 *                 "read_only": true}],
 *    "stdin_each": [{"fd": 4, "name": "tests/1.in"}, {"fd": 5, "name": "tests/2.in"}]}
 *
 * "keys" are `nsbox exec`'s keys (nsbox_spec_keys()) in their flag syntax,
 * in the order the command line gave them; "code", "stdin_file" and "fd"
 * index the passed files, of which the first is always the caller's stdin.
 * "stdin_each" is --stdin-each with its directories expanded by the caller,
 * one opened file per run, in order (with "stdin_file" too, it is refused as
 * nsbox refuses --stdin with --stdin-each).
 * After the request the caller may send one byte, a signal number: the
 * helper stops the sandbox as if it had received that signal; EOF (the
 * caller is gone) stops it as SIGHUP does. */
#ifndef NSBOX_SUID_PROTOCOL_H
#define NSBOX_SUID_PROTOCOL_H

#define NSBOX_SUID_PROTOCOL 1
/* The JSON request: argv, environment and all. */
#define NSBOX_SUID_REQUEST_MAX (256 * 1024)
/* Files: stdin, the code, the program's stdin, the volumes, the inputs of
 * --stdin-each; at most 253 fit in one SCM_RIGHTS message (SCM_MAX_FD). */
#define NSBOX_SUID_VOLUMES_MAX 32
#define NSBOX_SUID_INPUTS_MAX 200
#define NSBOX_SUID_FDS_MAX (3 + NSBOX_SUID_VOLUMES_MAX + NSBOX_SUID_INPUTS_MAX)
/* How long the helper waits for the request. */
#define NSBOX_SUID_REQUEST_TIMEOUT_MS 10000

#endif
