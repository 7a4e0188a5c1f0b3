#define _GNU_SOURCE
#include "netlink.h"

#include <errno.h>
#include <net/if.h>
#include <netlink/netlink.h>
#include <netlink/route/link.h>

static int
nl_failure (struct nsbox_error **err, int nlerr, const char *what)
{
  return nsbox_error_msg (err, "%s: %s", what, nl_geterror (nlerr));
}

int
nsbox_netlink_loopback_up (struct nsbox_error **err)
{
  struct nl_sock *sock = nl_socket_alloc ();
  struct rtnl_link *lo = NULL, *change = NULL;
  int ret = 0, nlerr;

  if (sock == NULL)
    return nsbox_error_oom (err);
  nlerr = nl_connect (sock, NETLINK_ROUTE);
  if (nlerr < 0)
    ret = nl_failure (err, nlerr, "loopback up: netlink connect");
  if (ret == 0 && (nlerr = rtnl_link_get_kernel (sock, 0, "lo", &lo)) < 0)
    ret = nl_failure (err, nlerr, "loopback up: find lo");
  if (ret == 0 && (change = rtnl_link_alloc ()) == NULL)
    ret = nsbox_error_oom (err);
  if (ret == 0)
    {
      rtnl_link_set_flags (change, IFF_UP);
      nlerr = rtnl_link_change (sock, lo, change, 0);
      if (nlerr < 0)
        ret = nl_failure (err, nlerr, "loopback up");
    }
  rtnl_link_put (change);
  rtnl_link_put (lo);
  nl_socket_free (sock);
  return ret;
}
