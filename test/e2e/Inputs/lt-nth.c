/* Link-time tests, second unit: nth() returns the address of an element;
 * LTO inlines it into main() across translation units. */
volatile long *nth(volatile long *base, long i) { return base + i; }
