/* stamp.h - per-stage timestamps of one start-up, for bench/stages.sh.
 *
 * Only a tree configured with --enable-stage-stamps records them; in every
 * other build NSBOX_STAMP is nothing and costs nothing.  The stamps sit in a
 * page shared by nsbox, its child, the init and the workload (all forked
 * after nsbox_stamps_init), so one list holds the whole start-up in order. */
#ifndef NSBOX_STAMP_H
#define NSBOX_STAMP_H

#include <build-config.h>

#ifdef NSBOX_STAGE_STAMPS
/* Maps the shared page when $NSBOX_STAMPS names a file, and appends the
 * stamps to it at exit, relative to $NSBOX_T0 (CLOCK_MONOTONIC ns). */
void nsbox_stamps_init (void);
void nsbox_stamp (const char *stage);
#define NSBOX_STAMP(stage) nsbox_stamp (stage)
#else
static inline void
nsbox_stamps_init (void)
{
}
#define NSBOX_STAMP(stage) ((void) 0)
#endif

#endif
