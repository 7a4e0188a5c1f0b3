/* pull.h - the `pull` command of nsbox-image. */
#ifndef NSBOX_IMAGE_CLI_PULL_H
#define NSBOX_IMAGE_CLI_PULL_H

/* argv[0] is "pull"; store_dir is the store chosen before the command (--store after
 * `pull` overrides it).  Returns the exit status: 0, 125 on failure, 2 on usage errors. */
int nsbox_image_cmd_pull (int argc, char **argv, const char *store_dir);

#endif
