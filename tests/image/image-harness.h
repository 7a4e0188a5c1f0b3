/* image-harness.h - helpers for the image suites: temp dirs, test images, the nsbox-image CLI. */
#ifndef NSBOX_TESTS_IMAGE_HARNESS_H
#define NSBOX_TESTS_IMAGE_HARNESS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* A fresh directory under /tmp; image_tmpdir_remove() deletes it (never following symlinks). */
char *image_tmpdir (void);
void image_tmpdir_remove (char *dir);

/* Remove every directory image_tmpdir() made that is still there (a suite's .fini). */
void image_cleanup (void);

/* Run argv (NULL-terminated); capture stdout/stderr (may be NULL); return the exit status
 * (128+N for a signal). */
int image_run (char *const argv[], char **out, char **err);

/* tests/image/mkimage.py KIND OUT ARGS... (NULL-terminated); asserts success. */
void image_make (const char *kind, const char *out, ...) __attribute__ ((sentinel));

/* nsbox-image --store STORE ARGS... (NULL-terminated); returns the exit status. */
int image_cli (const char *store, char **out, char **err, ...) __attribute__ ((sentinel));

/* Start nsbox-image in the background; returns its pid. */
pid_t image_cli_spawn (const char *store, ...) __attribute__ ((sentinel));

/* Number of entries in STORE/sub (0 if it does not exist). */
size_t image_count_entries (const char *store, const char *sub);

/* path exists (lstat). */
bool image_path_exists (const char *path);

/* Read a whole small file (NUL-terminated, malloc'd) or NULL. */
char *image_read_file (const char *path);

#endif
