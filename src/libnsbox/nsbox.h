/* nsbox.h - the library's public face: describe a sandbox, run it, read the result. */
#ifndef NSBOX_H
#define NSBOX_H

#include "config.h"
#include "error.h"
#include "result.h"
#include "sandbox.h"

#endif
