/* The C side of TestLinkGlobals: two objects written with package wasm
 * share globals, one defining them and the other importing them. */
#include <stdint.h>
#include <stdio.h>

extern int64_t a_get_r1(void);
extern void b_bump_r1(void);
extern double b_get_f1(void);
extern int32_t b_get_c32(void);
extern int64_t b_sp_ok(void);
extern void b_say(void);

int main(void) {
	printf("r1 %lld\n", (long long)a_get_r1());
	b_bump_r1();
	b_bump_r1();
	printf("r1 %lld\n", (long long)a_get_r1());
	printf("f1 %g c32 %d sp %lld\n", b_get_f1(), b_get_c32(), (long long)b_sp_ok());
	fflush(stdout);
	b_say();
	return 0;
}
