/* The test harness of toolchain/codegen: a register table and an STG stack
 * in memory, and the trampoline (or, with TAIL_CALLS, a single call) that
 * runs Cmm code from a code label's descriptor until it jumps to
 * StgReturn. */
#include <stdint.h>
#include <stdio.h>

typedef int (*code_t)(void);

/* The STG register globals' accessors (codegen.RegistersObject). */
extern void __ahc_set_BaseReg(long);
extern void __ahc_set_Sp(long);
extern void __ahc_set_SpLim(long);
extern void __ahc_set_Hp(long);
extern void __ahc_set_R1(long);
extern void __ahc_set_R2(long);
extern void __ahc_set_R3(long);
extern void __ahc_set_D1(double);
extern long __ahc_get_Sp(void);
extern long __ahc_get_R1(void);
extern long __ahc_get_R2(void);
extern double __ahc_get_D1(void);

/* StgReturn ends a run: its function returns 0 to the trampoline, and its
 * descriptor makes it a return address Cmm code can jump to. */
int StgReturn_code(void) __asm__("StgReturn$code");
int StgReturn_code(void) { return 0; }
const long StgReturn_desc __asm__("StgReturn") = (long)StgReturn_code;

static long regspace[256];
static long stack[1024];
static long heap[1024];

/* regtable is BaseReg: the function table's words lie before it. */
static long *const regtable = &regspace[16];

/* run enters the code whose descriptor is at label with Sp at the top of
 * an empty stack holding only a return to StgReturn, and returns R1. */
static long run(const void *label) {
	__ahc_set_BaseReg((long)regtable);
	stack[1023] = (long)&StgReturn_desc;
	__ahc_set_Sp((long)&stack[1023]);
	__ahc_set_SpLim((long)&stack[0]);
	__ahc_set_Hp((long)&heap[0]);
	int next = (int)*(const long *)label;
#ifdef TAIL_CALLS
	next = ((code_t)(uintptr_t)next)();
	if (next != 0)
		printf("tail-call run returned %d\n", next);
#else
	while (next)
		next = ((code_t)(uintptr_t)next)();
#endif
	return __ahc_get_R1();
}
