#include "harness.h"

extern const long test_switch;

int main(void) {
	long xs[] = {0, 1, 2, 3, 4, 5, 6, 7, 9, 10, 1000, 123456789, 9000000000, 4611686018427387904, -1};
	for (int i = 0; i < 15; i++) {
		__ahc_set_R1(xs[i]);
		printf("switch %ld = %ld\n", xs[i], run(&test_switch));
	}
	return 0;
}
