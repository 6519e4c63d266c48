/* PTRHOOK_EXTERN_C in C: nothing. */
#include <stdint.h>
PTRHOOK_EXTERN_C void __injected_hook(uintptr_t a) { (void)a; }
