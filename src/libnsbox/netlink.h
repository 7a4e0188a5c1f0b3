/* netlink.h - network set-up of the sandbox's own namespace. */
#ifndef NSBOX_NETLINK_H
#define NSBOX_NETLINK_H

#include "error.h"

/* Bring up `lo`, the only interface a new network namespace has. */
int nsbox_netlink_loopback_up (struct nsbox_error **err);

#endif
