// Register blocks shared by the NEON kernels (gemm32_arm64.s, gemm64_arm64.s,
// kernels_arm64.s, panel64_arm64.s). Arguments are whole register names (V0, V24, ...);
// arr is a lane arrangement (S4 for float32, D2 for float64).

// VZERO4 clears four vector registers.
#define VZERO4(a, b, c, d) \
	VEOR a.B16, a.B16, a.B16; \
	VEOR b.B16, b.B16, b.B16; \
	VEOR c.B16, c.B16, c.B16; \
	VEOR d.B16, d.B16, d.B16

// ZERO_V0_V3 .. ZERO_V0_V23 and ZERO_V16_V23, ZERO_V16_V31 clear those accumulator ranges
// in register order.
#define ZERO_V0_V3 VZERO4(V0, V1, V2, V3)
#define ZERO_V0_V7 ZERO_V0_V3; VZERO4(V4, V5, V6, V7)
#define ZERO_V0_V11 ZERO_V0_V7; VZERO4(V8, V9, V10, V11)
#define ZERO_V0_V15 ZERO_V0_V11; VZERO4(V12, V13, V14, V15)
#define ZERO_V16_V23 VZERO4(V16, V17, V18, V19); VZERO4(V20, V21, V22, V23)
#define ZERO_V0_V23 ZERO_V0_V15; ZERO_V16_V23
#define ZERO_V16_V31 ZERO_V16_V23; VZERO4(V24, V25, V26, V27); VZERO4(V28, V29, V30, V31)

// The 6×N micro-kernels (micro6x16NEON, micro6x8NEON, gemm64K6x8NEON): row pointers of A
// in R7..R12 (row stride in bytes in R2), C's row at R5; B's values of step p in V24..V27
// (V24, V25 for the eight-column block), and alpha in V28 at the end.

// K6_ROWPTRS sets the row pointers R8..R12 from row 0 in R7 and the row stride R2.
#define K6_ROWPTRS \
	ADD R2, R7, R8; \
	ADD R2, R8, R9; \
	ADD R2, R9, R10; \
	ADD R2, R10, R11; \
	ADD R2, R11, R12

// K6_ROW4 is one row's step: c0..c3 += a·(V24, V25, V26, V27) lane-wise.
#define K6_ROW4(arr, a, c0, c1, c2, c3) \
	VFMLA V24.arr, a.arr, c0.arr; \
	VFMLA V25.arr, a.arr, c1.arr; \
	VFMLA V26.arr, a.arr, c2.arr; \
	VFMLA V27.arr, a.arr, c3.arr

// K6_ROW2 is K6_ROW4 on the left half of the strip: c0, c1 += a·(V24, V25).
#define K6_ROW2(arr, a, c0, c1) \
	VFMLA V24.arr, a.arr, c0.arr; \
	VFMLA V25.arr, a.arr, c1.arr

// K6_ROWS01 and K6_ROWS2345 are the step's FMLAs of the four-register-wide block: rows 0,
// 1 with A in V28, V29 (accumulators V0..V7), then rows 2..5 with A in V30, V31, V28, V29
// (V8..V23). Between them the caller reloads V28, V29 with rows 4 and 5 of A.
#define K6_ROWS01(arr) \
	K6_ROW4(arr, V28, V0, V1, V2, V3); \
	K6_ROW4(arr, V29, V4, V5, V6, V7)
#define K6_ROWS2345(arr) \
	K6_ROW4(arr, V30, V8, V9, V10, V11); \
	K6_ROW4(arr, V31, V12, V13, V14, V15); \
	K6_ROW4(arr, V28, V16, V17, V18, V19); \
	K6_ROW4(arr, V29, V20, V21, V22, V23)

// K6_ALPHA4 loads a row of C at R5 into V24..V27 and adds acc·alpha (alpha in V28):
// V24+j += cj·V28. K6_ALPHA2 is the same on two registers.
#define K6_ALPHA4(arr, c0, c1, c2, c3) \
	VLD1  (R5), [V24.arr, V25.arr, V26.arr, V27.arr]; \
	VFMLA c0.arr, V28.arr, V24.arr; \
	VFMLA c1.arr, V28.arr, V25.arr; \
	VFMLA c2.arr, V28.arr, V26.arr; \
	VFMLA c3.arr, V28.arr, V27.arr
#define K6_ALPHA2(arr, c0, c1) \
	VLD1  (R5), [V24.arr, V25.arr]; \
	VFMLA c0.arr, V28.arr, V24.arr; \
	VFMLA c1.arr, V28.arr, V25.arr
