//go:build !purego && !noasm

#include "textflag.h"
#include "neon_arm64.h"

// C16ROW and C8ROW finish one row of C: c += acc·alpha (K6_ALPHA4, K6_ALPHA2), stored,
// and R5 moves to the next row.
#define C16ROW(c0, c1, c2, c3) \
	K6_ALPHA4(S4, c0, c1, c2, c3); \
	VST1.P [V24.S4, V25.S4, V26.S4, V27.S4], (R5)(R6)
#define C8ROW(c0, c1) \
	K6_ALPHA2(S4, c0, c1); \
	VST1.P [V24.S4, V25.S4], (R5)(R6)

// func micro6x16NEON(k int, a *float32, ars, aps int, b *float32, c *float32, ldc int, alpha float32)
// c[r*ldc+j] += alpha*Σ_{p<k} a[r*ars+p*aps]*b[p*16+j] for r < 6, j < 16; k ≥ 1.
// b is a packed strip of sixteen values per p. Row r accumulates in V(4r)..V(4r+3), four
// columns per register, from zero over p in order (FMLA .4S); the strip sits in V24..V27
// and A elements are replicated into V28..V31 (LD1R). At the end c += acc*alpha, fused.
TEXT ·micro6x16NEON(SB), NOSPLIT, $0-60
	MOVD k+0(FP), R0
	MOVD a+8(FP), R7                                // row 0 of a
	MOVD ars+16(FP), R2
	LSL  $2, R2, R2                                 // row stride in bytes
	MOVD aps+24(FP), R3
	LSL  $2, R3, R3                                 // p stride in bytes
	MOVD b+32(FP), R4
	MOVD c+40(FP), R5
	MOVD ldc+48(FP), R6
	LSL  $2, R6, R6
	K6_ROWPTRS                                      // rows 1..5
	ZERO_V0_V23

m16loop:
	VLD1.P 64(R4), [V24.S4, V25.S4, V26.S4, V27.S4] // b[p, 0:16]
	VLD1R.P (R7)(R3), [V28.S4]                      // a[0,p] in every lane; next p
	VLD1R.P (R8)(R3), [V29.S4]                      // a[1,p]
	VLD1R.P (R9)(R3), [V30.S4]                      // a[2,p]
	VLD1R.P (R10)(R3), [V31.S4]                     // a[3,p]
	K6_ROWS01(S4)                                   // rows 0, 1 += a[r,p]*b[p,0:16]
	VLD1R.P (R11)(R3), [V28.S4]                     // a[4,p]
	VLD1R.P (R12)(R3), [V29.S4]                     // a[5,p]
	K6_ROWS2345(S4)                                 // rows 2..5
	SUBS   $1, R0, R0
	BNE    m16loop

	FMOVS  alpha+56(FP), F28
	VDUP   V28.S[0], V28.S4                         // alpha in every lane
	C16ROW(V0, V1, V2, V3)                          // row 0: c += acc*alpha; next row
	C16ROW(V4, V5, V6, V7)
	C16ROW(V8, V9, V10, V11)
	C16ROW(V12, V13, V14, V15)
	C16ROW(V16, V17, V18, V19)
	C16ROW(V20, V21, V22, V23)
	RET

// func micro6x8NEON(k int, a *float32, ars, aps int, b *float32, c *float32, ldc int, alpha float32)
// micro6x16NEON on the left eight columns of the strip only: c[r*ldc+j] for r < 6, j < 8
// (b still holds sixteen values per p). Row r accumulates in V(2r), V(2r+1); the strip's
// left half sits in V24, V25 and the six A elements in V26..V31.
TEXT ·micro6x8NEON(SB), NOSPLIT, $0-60
	MOVD k+0(FP), R0
	MOVD a+8(FP), R7                                // row 0 of a
	MOVD ars+16(FP), R2
	LSL  $2, R2, R2                                 // row stride in bytes
	MOVD aps+24(FP), R3
	LSL  $2, R3, R3                                 // p stride in bytes
	MOVD b+32(FP), R4
	MOVD c+40(FP), R5
	MOVD ldc+48(FP), R6
	LSL  $2, R6, R6
	K6_ROWPTRS                                      // rows 1..5
	MOVD $64, R13                                   // strip row in bytes
	ZERO_V0_V11

m8loop:
	VLD1.P (R4)(R13), [V24.S4, V25.S4]              // b[p, 0:8]; next p
	VLD1R.P (R7)(R3), [V26.S4]                      // a[0,p] in every lane; next p
	VLD1R.P (R8)(R3), [V27.S4]                      // a[1,p]
	VLD1R.P (R9)(R3), [V28.S4]                      // a[2,p]
	VLD1R.P (R10)(R3), [V29.S4]                     // a[3,p]
	VLD1R.P (R11)(R3), [V30.S4]                     // a[4,p]
	VLD1R.P (R12)(R3), [V31.S4]                     // a[5,p]
	K6_ROW2(S4, V26, V0, V1)                        // row 0 += a[0,p]*b[p,0:8]
	K6_ROW2(S4, V27, V2, V3)
	K6_ROW2(S4, V28, V4, V5)
	K6_ROW2(S4, V29, V6, V7)
	K6_ROW2(S4, V30, V8, V9)
	K6_ROW2(S4, V31, V10, V11)
	SUBS   $1, R0, R0
	BNE    m8loop

	FMOVS  alpha+56(FP), F28
	VDUP   V28.S[0], V28.S4                         // alpha in every lane
	C8ROW(V0, V1)                                   // row 0: c += acc*alpha; next row
	C8ROW(V2, V3)
	C8ROW(V4, V5)
	C8ROW(V6, V7)
	C8ROW(V8, V9)
	C8ROW(V10, V11)
	RET
