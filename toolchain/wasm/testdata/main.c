/* The C side of TestLinkWithC: calls the functions of the object the test
 * writes with package wasm, reads its data and is called back. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

typedef int64_t (*fn1)(int64_t);

/* hs_record as the test lays it out. */
struct hs_record {
	int64_t magic;
	const char *name; /* R_WASM_MEMORY_ADDR_I64 hs_name+6 */
	fn1 twice;        /* R_WASM_TABLE_INDEX_I64 hs_twice */
	fn1 callback;     /* R_WASM_TABLE_INDEX_I64 c_callback, defined here */
	int32_t name_rel; /* LOCREL_I32 hs_name: hs_name - &name_rel */
	int32_t self_rel; /* LOCREL_I32 hs_record: &hs_record - &self_rel */
	int32_t base_rel; /* LOCREL_I32 hs_name+offsetof(base_rel): hs_name - &hs_record */
	int32_t ext_rel;  /* LOCREL_I32 c_counter+8, defined here: &c_counter[1] - &ext_rel */
};

extern struct hs_record hs_record;
extern const char hs_name[];
extern int64_t hs_inited;
extern int64_t hs_add(int64_t, int64_t);
extern int64_t hs_twice(int64_t);
extern int64_t hs_apply(fn1, int64_t);
extern fn1 hs_get_twice(void);
extern int64_t *hs_bump(void);
extern int64_t hs_sum(int64_t);
extern int64_t hs_classify(int64_t);
extern int64_t hs_conv(double);
extern int64_t hs_sext8(int64_t);
extern int32_t hs_wrap(int64_t);
extern double hs_fmadd(double, double);
extern float hs_fhalf(float);
extern int64_t hs_select(int32_t, int64_t, int64_t);
extern void hs_copy(void *, const void *, int64_t);
extern void hs_fill(void *, int32_t, int64_t);
extern int64_t hs_widths(void *);
extern int64_t hs_grow(void);
extern int64_t hs_weak(void);
extern int64_t hs_divmod(int64_t, int64_t);

int64_t c_counter[2] = {100, 200};

int64_t c_callback(int64_t x) { return x * 10; }

/* Overrides hs_weak, which the object defines weak. */
int64_t hs_weak(void) { return 2; }

int main(void) {
	printf("add %lld\n", (long long)hs_add(2, 3));
	printf("apply %lld\n", (long long)hs_apply(c_callback, 4));
	printf("get_twice %lld\n", (long long)hs_get_twice()(21));
	printf("fnptr equal %d\n", hs_get_twice() == hs_twice && hs_record.twice == hs_twice);
	int64_t *p = hs_bump();
	printf("bump %d %lld\n", p == &c_counter[1], (long long)c_counter[1]);
	printf("sum %lld\n", (long long)hs_sum(10));
	printf("classify %lld %lld %lld %lld\n", (long long)hs_classify(0), (long long)hs_classify(1),
	       (long long)hs_classify(2), (long long)hs_classify(-1));
	printf("conv %lld %lld %lld\n", (long long)hs_conv(1e300), (long long)hs_conv(-2.7),
	       (long long)hs_conv(0.0 / 0.0));
	printf("sext8 %lld wrap %d\n", (long long)hs_sext8(0x1280), hs_wrap(0x100000005));
	printf("fmadd %g fhalf %g\n", hs_fmadd(3, 4), (double)hs_fhalf(5));
	printf("select %lld %lld\n", (long long)hs_select(1, 7, 8), (long long)hs_select(0, 7, 8));
	char buf[16] = "abcdefgh";
	hs_copy(buf + 2, buf, 4);
	hs_fill(buf + 6, 'z', 3);
	printf("copy fill %s\n", buf);
	unsigned char w[16] = {0};
	printf("widths %llx\n", (unsigned long long)hs_widths(w));
	printf("grow %lld\n", (long long)hs_grow());
	printf("weak %lld\n", (long long)hs_weak());
	printf("divmod %lld\n", (long long)hs_divmod(17, 5));

	printf("record magic %llx name %s\n", (unsigned long long)hs_record.magic, hs_record.name);
	printf("record name exact %d\n", hs_record.name == hs_name + 6);
	printf("record twice %lld callback %lld\n", (long long)hs_record.twice(5),
	       (long long)hs_record.callback(5));
	const char *name = (const char *)&hs_record.name_rel + hs_record.name_rel;
	printf("locrel name %d %s\n", name == hs_name, name);
	printf("locrel self %d %ld\n", hs_record.self_rel,
	       (long)((char *)&hs_record - (char *)&hs_record.self_rel));
	printf("locrel base %d\n", (const char *)&hs_record + hs_record.base_rel == hs_name);
	printf("locrel ext %d\n", (char *)&hs_record.ext_rel + hs_record.ext_rel == (char *)&c_counter[1]);
	printf("inited %lld\n", (long long)hs_inited);
	return 7;
}
