#include "harness.h"

extern const long test_sparse;

int main(void) {
	long xs[] = {0, 1, 7, 100000, 10000000000, 10000000001, -1, 4};
	for (int i = 0; i < 8; i++) {
		__ahc_set_R1(xs[i]);
		printf("sparse %ld = %ld\n", xs[i], run(&test_sparse));
	}
	return 0;
}
