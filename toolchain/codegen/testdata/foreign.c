#include "harness.h"

extern const long test_foreign;

long test_c_add(long a, long b) { return a + b; }
double test_c_scale(double d, long k) { return d * (double)k; }
int test_c_neg32(int x) { return -x; }
long test_c_three(long a, long b, long c) { return a * 100 + b * 10 + c; }

int main(void) {
	for (long x = 1; x < 4; x++) {
		__ahc_set_D1(0.25);
		__ahc_set_R1(x);
		long r = run(&test_foreign);
		printf("foreign %ld: R1 = %ld, D1 = %g, R2 = %ld\n", x, r, __ahc_get_D1(), __ahc_get_R2());
	}
	return 0;
}
