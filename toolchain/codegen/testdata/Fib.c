#include "harness.h"

/* Fib's Cmm, compiled from Haskell: its closures' info pointers and its
 * module's Typeable data refer to ghc-prim's constructors, which the test
 * links as dummies. */
const long ghczmprim_GHCziTypes_TrNameS_con_info, ghczmprim_GHCziTypes_Module_con_info;

extern const long Fib_fib_info, Fib_sumTo_info;

int main(void) {
	for (long n = 0; n <= 20; n += 5) {
		__ahc_set_R2(n);
		printf("fib %ld = %ld\n", n, run(&Fib_fib_info));
	}
	__ahc_set_R2(7);
	__ahc_set_R3(100);
	printf("sumTo 7 100 = %ld\n", run(&Fib_sumTo_info));
	printf("Sp restored: %d\n", __ahc_get_Sp() == (long)&stack[1023]);
	return 0;
}
