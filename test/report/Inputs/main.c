/* The program of the ptrhook-report tests: main() here, step() in step.c,
 * add() in add.c.  Exits with 0. */
int *step(int *p);
int add(int a, int b);

int main(void) {
  int a[2] = {1, 2};
  return *step(a) + add(a[0], -3);
}
