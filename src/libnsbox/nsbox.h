/* nsbox.h - the library's public face: describe a sandbox, run it, read the result. */
#ifndef NSBOX_H
#define NSBOX_H

#include "sandbox/config.h"
#include "base/error.h"
#include "sandbox/result.h"
#include "sandbox/sandbox.h"

#endif
