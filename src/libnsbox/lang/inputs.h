/* inputs.h - the inputs of a compile-once, run-many language run. */
#ifndef NSBOX_LANG_INPUTS_H
#define NSBOX_LANG_INPUTS_H

#include "base/error.h"

/* --stdin-each's files: each regular file given, and a directory's regular
 * files (not dot files) in the order of their names, appended to *files.
 * Also the setuid helper's client, which opens them as its user. */
int nsbox_lang_inputs_expand (char *const *given, char ***files, struct nsbox_error **err);

#endif
