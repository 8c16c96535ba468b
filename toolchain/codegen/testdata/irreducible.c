#include "harness.h"

extern const long test_irr;

int main(void) {
	long xs[] = {1, 2, 3, 8, 15, 30};
	for (int i = 0; i < 6; i++) {
		__ahc_set_R1(xs[i]);
		printf("irr %ld = %ld\n", xs[i], run(&test_irr));
	}
	return 0;
}
