#include "harness.h"

extern const long test_loop;

int main(void) {
	for (long n = 0; n < 5; n++) {
		__ahc_set_R2(n * 10);
		printf("sum %ld = %ld\n", n * 10, run(&test_loop));
	}
	return 0;
}
