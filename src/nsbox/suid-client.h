/* suid-client.h - `nsbox exec` by a user who is not root, through the setuid
 * helper (nsbox-suid(8)) when it is installed. */
#ifndef NSBOX_SUID_CLIENT_H
#define NSBOX_SUID_CLIENT_H

#include <stdbool.h>

/* The helper this user may run: $NSBOX_SUID_HELPER, else the installed one,
 * when it is a setuid-root file this user can execute; NULL otherwise (nsbox
 * then runs rootless). */
const char *nsbox_cli_suid_helper (void);

/* Run `helper exec` with the command line's keys (nsbox_exec_parsed.keys):
 * the files they name (volumes, --code, --stdin) are opened here with the
 * user's own rights and passed as fds.  Returns the exit status nsbox ends
 * with: the helper's, 128+N when it died of signal N, 125 when it could not
 * be run.  `json`: a refusal before the helper runs is a report on stdout. */
int nsbox_cli_suid_exec (const char *helper, char *const *keys, bool json);

/* `nsbox ps` and `nsbox gc` of a user: the helper lists and collects that
 * user's own sandboxes (argv[0] is the command).  Returns only on failure. */
int nsbox_cli_suid_command (const char *helper, int argc, char **argv);

#endif
