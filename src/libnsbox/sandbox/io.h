/* io.h - the workload's output and terminal, as nsbox's parent side sees them. */
#ifndef NSBOX_IO_H
#define NSBOX_IO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <termios.h>

#include "sandbox/result.h"

/* One captured stream: keeps at most `limit` bytes, reads and drops the rest,
 * so nsbox's memory stays bounded whatever the workload prints. */
struct nsbox_capture
{
  int fd; /* -1 once at EOF */
  uint64_t limit;
  struct nsbox_output *out;
};

/* Read what is available; 0 at EOF (fd closed), 1 when open, <0 on error. */
int nsbox_capture_read (struct nsbox_capture *c);

/* The parent's end of a sandbox terminal. */
struct nsbox_terminal
{
  int master;
  int in_fd;  /* our stdin, or -1 when not forwarding (no -i) */
  int out_fd; /* our stdout */
  bool raw;
  struct termios saved;
};

/* Put our own terminal in raw mode (when stdin is one) and copy its size. */
void nsbox_terminal_start (struct nsbox_terminal *t);
void nsbox_terminal_resize (const struct nsbox_terminal *t);
void nsbox_terminal_restore (struct nsbox_terminal *t);

/* Copy what is readable from `from` to `to`; 0 at EOF, 1 otherwise. */
int nsbox_relay (int from, int to);

#endif
