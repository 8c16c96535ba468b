#include "harness.h"

extern const long test_regs;
extern void __ahc_set_F1(float);
extern float __ahc_get_F1(void);

int main(void) {
	__ahc_set_R2(5);
	__ahc_set_D1(1.25);
	__ahc_set_F1(0.5f);
	long r = run(&test_regs);
	/* Offsets of DerivedConstants.h, in words. */
	printf("R1 = %ld, R7 = %ld, L1 = %ld, HpLim = %ld, CurrentTSO = %ld\n", r, regtable[48 / 8],
	       regtable[824 / 8], regtable[856 / 8], regtable[872 / 8]);
	printf("D1 = %g, F1 = %g\n", __ahc_get_D1(), (double)__ahc_get_F1());
	return 0;
}
