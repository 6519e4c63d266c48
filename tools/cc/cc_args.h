/*===-- cc_args.h - classifying the arguments given to ptrhook-cc ----------===*
 *
 * Every user argument is kept (passed to clang as is), dropped (a wrapper
 * option, consumed here) or scanned (an @file: passed as is, its contents
 * classified as if they stood in its place, as clang will read them).
 *===----------------------------------------------------------------------===*/
#ifndef PTRHOOK_CC_ARGS_H
#define PTRHOOK_CC_ARGS_H

#include "cc_state.h"

/* Classifies st->argv[1..argc-1], in order: sets st->action[i] for each and
 * fills what the arguments ask for (stage, -shared/-static, inputs and
 * sources, the wrapper's own options).  Returns 0, or -1 after printing an
 * error (an unknown -fptrhook option or a bad value, see cc_options.h; a
 * wrapper option inside a response file). */
int args_classify(struct cc_state *st);

#endif /* PTRHOOK_CC_ARGS_H */
