/* Loads a DSO with dlopen and calls lib_walk(); built without ptrhook. */
#include <dlfcn.h>
#include <stdio.h>

int main(int argc, char **argv) {
  if (argc < 2)
    return 2;
  void *h = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL);
  if (!h) {
    fprintf(stderr, "dlopen: %s\n", dlerror());
    return 1;
  }
  long (*fn)(void) = (long (*)(void))dlsym(h, "lib_walk");
  if (!fn)
    return 1;
  printf("lib_walk=%ld\n", fn());
  fflush(stdout);
  return 0;
}
