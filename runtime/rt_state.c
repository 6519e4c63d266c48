/*===-- rt_state.c - the process state every layer reads ------------------===*
 *
 * The bottom floor of the runtime (the layers are listed, lowest first, in
 * runtime/CMakeLists.txt): the one object every file may read, defined here
 * so that no file has to reach up for it.  It is written by init, the fork
 * child handler, the run-time control API and the trace's exit report; its
 * type, and the per-thread record's, are in rt_state.h.
 *===----------------------------------------------------------------------===*/
#include "rt_state.h"

struct __ptrhook_state PTRHOOK_STATE_SYM;
