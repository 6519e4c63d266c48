/* The floor for runtime-micro.sh: hooks that do nothing, compiled without
 * the plugin into their own object (or DSO), so each event costs exactly a
 * call and a return. */
#include <stdint.h>
struct ptrhook_site;
void __injected_hook(uintptr_t addr) { (void)addr; }
void __injected_hook_site(uintptr_t addr, const struct ptrhook_site *site) {
  (void)addr;
  (void)site;
}
/* The floor of the register-preserving ABI (-ptrhook-cc=preserve_most). */
__attribute__((preserve_most)) void __injected_hook_preserve_most(uintptr_t addr) {
  (void)addr;
}
