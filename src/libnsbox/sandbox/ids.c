#define _GNU_SOURCE
#include "sandbox/ids.h"
#include "isolate/userns.h"

int
nsbox_sandbox_reserve_ids (struct nsbox_sandbox_config *c, const char *holder_id, struct nsbox_error **err)
{
  struct nsbox_userns_pool pool;
  struct nsbox_userns_block block;

  if (c->userns != NSBOX_USERNS_PER_SANDBOX || c->userns_reserved)
    return 0;
  if (nsbox_userns_pool_load (c->userns_pool, NULL, NULL, &pool, err) < 0
      || nsbox_userns_block_take (NSBOX_DEFAULT_USERNS_POOL_DIR, &pool, c->state_root, holder_id, &block, err) < 0)
    return -1;
  c->userns_reserved = true;
  c->userns_block_index = block.index;
  c->userns_host_uid = block.host_uid;
  c->userns_host_gid = block.host_gid;
  return 0;
}

void
nsbox_sandbox_release_ids (struct nsbox_sandbox_config *c)
{
  struct nsbox_userns_block block;

  if (!c->userns_reserved)
    return;
  block = (struct nsbox_userns_block){ c->userns_block_index, c->userns_host_uid, c->userns_host_gid };
  c->userns_reserved = false;
  nsbox_userns_block_give_back (NSBOX_DEFAULT_USERNS_POOL_DIR, &block, NULL);
}

uid_t
nsbox_sandbox_host_uid (const struct nsbox_sandbox_config *c)
{
  return c->userns_reserved ? c->userns_host_uid + c->uid : c->uid;
}

gid_t
nsbox_sandbox_host_gid (const struct nsbox_sandbox_config *c)
{
  return c->userns_reserved ? c->userns_host_gid + c->gid : c->gid;
}
