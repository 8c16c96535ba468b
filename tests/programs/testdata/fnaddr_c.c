/* C functions that fnaddr.hs both calls and takes the address of, and C
 * that calls them back through those addresses, with C's own types. */
static int counter;

int add3(int x) { return x + 3; }

int twice_int(int (*f)(int), int x) { return f(f(x)); }

void bump(void) { counter++; }

void call_void(void (*f)(void)) { f(); }

int counter_value(void) { return counter; }
