#include "harness.h"

extern const long test_calls, test_enter;

int main(void) {
	for (long x = 0; x < 3; x++) {
		__ahc_set_R2(x * 5);
		printf("calls %ld = %ld\n", x * 5, run(&test_calls));
		printf("Sp restored: %d\n", __ahc_get_Sp() == (long)&stack[1023]);
	}
	__ahc_set_R2(35);
	printf("enter = %ld\n", run(&test_enter));
	return 0;
}
