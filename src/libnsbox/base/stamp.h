/* stamp.h - per-stage timestamps of one start-up, for bench/stages.sh.
 *
 * Only a tree configured with --enable-stage-stamps records them; in every
 * other build NSBOX_STAMP is nothing and costs nothing.  The stamps sit in a
 * page shared by nsbox, its child, the init and the workload (all forked
 * after the library's constructor mapped it, before main), so one list holds
 * the whole start-up in order. */
#ifndef NSBOX_STAMP_H
#define NSBOX_STAMP_H

#include <build-config.h>

#ifdef NSBOX_STAGE_STAMPS
/* The page is mapped when $NSBOX_STAMPS names a file, and the stamps are
 * appended to it at exit, relative to $NSBOX_T0 (CLOCK_MONOTONIC ns). */
void nsbox_stamp (const char *stage);
#define NSBOX_STAMP(stage) nsbox_stamp (stage)
#else
#define NSBOX_STAMP(stage) ((void) 0)
#endif

#endif
