/* pull.h - the `pull` command of nsbox-image. */
#ifndef NSBOX_IMAGE_CLI_PULL_H
#define NSBOX_IMAGE_CLI_PULL_H

/* argv[0] is "pull"; returns the exit status: 0, 1 on failure, 2 on usage errors. */
int nsbox_image_cmd_pull (int argc, char **argv);

#endif
