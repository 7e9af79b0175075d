//go:build !purego && !noasm

#include "textflag.h"
#include "neon_arm64.h"

// CROW64 adds acc·alpha to one row of C (K6_ALPHA4) and stores it; R5 stays.
#define CROW64(c0, c1, c2, c3) \
	K6_ALPHA4(D2, c0, c1, c2, c3); \
	VST1 [V24.D2, V25.D2, V26.D2, V27.D2], (R5)

// func gemm64K6x8NEON(k int, a *float64, ars, aps int, b *float64, c *float64, ldc int, alpha float64)
// c[r*ldc+j] += alpha*Σ_{p<k} a[r*ars+p*aps]*b[p*8+j] for r < 6, j < 8; k ≥ 1.
// b is a packed strip of eight values per p. Row r accumulates in V(4r)..V(4r+3), two
// columns per register; the strip sits in V24..V27 and A elements are replicated into
// V28..V31 (LD1R) and multiplied lane-wise (FMLA .2D).
TEXT ·gemm64K6x8NEON(SB), NOSPLIT, $0-64
	MOVD k+0(FP), R0
	MOVD a+8(FP), R7                                // row 0 of a
	MOVD ars+16(FP), R2
	LSL  $3, R2, R2                                 // row stride in bytes
	MOVD aps+24(FP), R3
	LSL  $3, R3, R3                                 // p stride in bytes
	MOVD b+32(FP), R4
	MOVD c+40(FP), R5
	MOVD ldc+48(FP), R6
	LSL  $3, R6, R6
	K6_ROWPTRS                                      // rows 1..5
	ZERO_V0_V23

loop:
	VLD1.P 64(R4), [V24.D2, V25.D2, V26.D2, V27.D2] // b[p, 0:8]
	VLD1R  (R7), [V28.D2]                           // a[0,p] in both lanes
	VLD1R  (R8), [V29.D2]                           // a[1,p]
	VLD1R  (R9), [V30.D2]                           // a[2,p]
	VLD1R  (R10), [V31.D2]                          // a[3,p]
	K6_ROWS01(D2)                                   // rows 0, 1 += a[r,p]*b[p,0:8]
	VLD1R  (R11), [V28.D2]                          // a[4,p]
	VLD1R  (R12), [V29.D2]                          // a[5,p]
	K6_ROWS2345(D2)                                 // rows 2..5
	ADD    R3, R7, R7                               // next p in every row
	ADD    R3, R8, R8
	ADD    R3, R9, R9
	ADD    R3, R10, R10
	ADD    R3, R11, R11
	ADD    R3, R12, R12
	SUBS   $1, R0, R0
	BNE    loop

	FMOVD alpha+56(FP), F28
	VDUP  V28.D[0], V28.D2                          // alpha in both lanes
	CROW64(V0, V1, V2, V3)                          // row 0: c += alpha*acc
	ADD   R6, R5, R5
	CROW64(V4, V5, V6, V7)
	ADD   R6, R5, R5
	CROW64(V8, V9, V10, V11)
	ADD   R6, R5, R5
	CROW64(V12, V13, V14, V15)
	ADD   R6, R5, R5
	CROW64(V16, V17, V18, V19)
	ADD   R6, R5, R5
	CROW64(V20, V21, V22, V23)
	RET

// func dot64NEONf64(x, y *float64, n int) float64
// Σ_{i<n} x[i]*y[i]; n is a positive multiple of 8. Four accumulators of two lanes.
// The assembler has no mnemonic for floating-point vector FADD and scalar FADDP: WORDs.
TEXT ·dot64NEONf64(SB), NOSPLIT, $0-32
	MOVD x+0(FP), R0
	MOVD y+8(FP), R1
	MOVD n+16(FP), R2
	ZERO_V0_V3

d64loop:
	VLD1.P 64(R0), [V4.D2, V5.D2, V6.D2, V7.D2]     // x[0:8]
	VLD1.P 64(R1), [V16.D2, V17.D2, V18.D2, V19.D2] // y[0:8]
	VFMLA  V4.D2, V16.D2, V0.D2                     // V0 += x[0:2]*y[0:2]
	VFMLA  V5.D2, V17.D2, V1.D2
	VFMLA  V6.D2, V18.D2, V2.D2
	VFMLA  V7.D2, V19.D2, V3.D2
	SUBS   $8, R2, R2
	BNE    d64loop

	WORD $0x4e61d400 // FADD  V0.2D, V0.2D, V1.2D
	WORD $0x4e63d442 // FADD  V2.2D, V2.2D, V3.2D
	WORD $0x4e62d400 // FADD  V0.2D, V0.2D, V2.2D
	WORD $0x7e70d800 // FADDP D0, V0.2D
	FMOVD F0, ret+24(FP)
	RET

// func axpy64NEON(alpha float64, x, y *float64, n int)
// y[i] += alpha*x[i] for i < n; n is a positive multiple of 8.
TEXT ·axpy64NEON(SB), NOSPLIT, $0-32
	FMOVD alpha+0(FP), F0
	VDUP  V0.D[0], V0.D2                            // alpha in both lanes
	MOVD  x+8(FP), R0
	MOVD  y+16(FP), R1
	MOVD  n+24(FP), R2

a64loop:
	VLD1.P 64(R0), [V16.D2, V17.D2, V18.D2, V19.D2] // x[0:8]
	VLD1   (R1), [V4.D2, V5.D2, V6.D2, V7.D2]       // y[0:8]
	VFMLA  V16.D2, V0.D2, V4.D2                     // y += alpha*x
	VFMLA  V17.D2, V0.D2, V5.D2
	VFMLA  V18.D2, V0.D2, V6.D2
	VFMLA  V19.D2, V0.D2, V7.D2
	VST1.P [V4.D2, V5.D2, V6.D2, V7.D2], 64(R1)
	SUBS   $8, R2, R2
	BNE    a64loop
	RET
