/* fsck.h - the `image fsck` command of nsbox-image. */
#ifndef NSBOX_IMAGE_CLI_FSCK_H
#define NSBOX_IMAGE_CLI_FSCK_H

/* argv[0] is "fsck".  Returns the exit status: 0 the store is sound, 1 every problem found
 * was repaired, 2 problems remain, 125 fsck itself failed, 2 also for usage errors. */
int nsbox_image_cmd_fsck (int argc, char **argv, const char *store_dir);

#endif
