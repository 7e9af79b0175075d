//go:build !purego && !noasm

#include "textflag.h"

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
	ADD  R2, R7, R8                                 // rows 1..5
	ADD  R2, R8, R9
	ADD  R2, R9, R10
	ADD  R2, R10, R11
	ADD  R2, R11, R12
	VEOR V0.B16, V0.B16, V0.B16
	VEOR V1.B16, V1.B16, V1.B16
	VEOR V2.B16, V2.B16, V2.B16
	VEOR V3.B16, V3.B16, V3.B16
	VEOR V4.B16, V4.B16, V4.B16
	VEOR V5.B16, V5.B16, V5.B16
	VEOR V6.B16, V6.B16, V6.B16
	VEOR V7.B16, V7.B16, V7.B16
	VEOR V8.B16, V8.B16, V8.B16
	VEOR V9.B16, V9.B16, V9.B16
	VEOR V10.B16, V10.B16, V10.B16
	VEOR V11.B16, V11.B16, V11.B16
	VEOR V12.B16, V12.B16, V12.B16
	VEOR V13.B16, V13.B16, V13.B16
	VEOR V14.B16, V14.B16, V14.B16
	VEOR V15.B16, V15.B16, V15.B16
	VEOR V16.B16, V16.B16, V16.B16
	VEOR V17.B16, V17.B16, V17.B16
	VEOR V18.B16, V18.B16, V18.B16
	VEOR V19.B16, V19.B16, V19.B16
	VEOR V20.B16, V20.B16, V20.B16
	VEOR V21.B16, V21.B16, V21.B16
	VEOR V22.B16, V22.B16, V22.B16
	VEOR V23.B16, V23.B16, V23.B16

loop:
	VLD1.P 64(R4), [V24.D2, V25.D2, V26.D2, V27.D2] // b[p, 0:8]
	VLD1R  (R7), [V28.D2]                           // a[0,p] in both lanes
	VLD1R  (R8), [V29.D2]                           // a[1,p]
	VLD1R  (R9), [V30.D2]                           // a[2,p]
	VLD1R  (R10), [V31.D2]                          // a[3,p]
	VFMLA  V24.D2, V28.D2, V0.D2                    // row 0 += a[0,p]*b[p,0:2]
	VFMLA  V25.D2, V28.D2, V1.D2
	VFMLA  V26.D2, V28.D2, V2.D2
	VFMLA  V27.D2, V28.D2, V3.D2
	VFMLA  V24.D2, V29.D2, V4.D2                    // row 1
	VFMLA  V25.D2, V29.D2, V5.D2
	VFMLA  V26.D2, V29.D2, V6.D2
	VFMLA  V27.D2, V29.D2, V7.D2
	VLD1R  (R11), [V28.D2]                          // a[4,p]
	VLD1R  (R12), [V29.D2]                          // a[5,p]
	VFMLA  V24.D2, V30.D2, V8.D2                    // row 2
	VFMLA  V25.D2, V30.D2, V9.D2
	VFMLA  V26.D2, V30.D2, V10.D2
	VFMLA  V27.D2, V30.D2, V11.D2
	VFMLA  V24.D2, V31.D2, V12.D2                   // row 3
	VFMLA  V25.D2, V31.D2, V13.D2
	VFMLA  V26.D2, V31.D2, V14.D2
	VFMLA  V27.D2, V31.D2, V15.D2
	VFMLA  V24.D2, V28.D2, V16.D2                   // row 4
	VFMLA  V25.D2, V28.D2, V17.D2
	VFMLA  V26.D2, V28.D2, V18.D2
	VFMLA  V27.D2, V28.D2, V19.D2
	VFMLA  V24.D2, V29.D2, V20.D2                   // row 5
	VFMLA  V25.D2, V29.D2, V21.D2
	VFMLA  V26.D2, V29.D2, V22.D2
	VFMLA  V27.D2, V29.D2, V23.D2
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
	VLD1  (R5), [V24.D2, V25.D2, V26.D2, V27.D2]    // row 0: c += alpha*acc
	VFMLA V0.D2, V28.D2, V24.D2
	VFMLA V1.D2, V28.D2, V25.D2
	VFMLA V2.D2, V28.D2, V26.D2
	VFMLA V3.D2, V28.D2, V27.D2
	VST1  [V24.D2, V25.D2, V26.D2, V27.D2], (R5)
	ADD   R6, R5, R5
	VLD1  (R5), [V24.D2, V25.D2, V26.D2, V27.D2]    // row 1
	VFMLA V4.D2, V28.D2, V24.D2
	VFMLA V5.D2, V28.D2, V25.D2
	VFMLA V6.D2, V28.D2, V26.D2
	VFMLA V7.D2, V28.D2, V27.D2
	VST1  [V24.D2, V25.D2, V26.D2, V27.D2], (R5)
	ADD   R6, R5, R5
	VLD1  (R5), [V24.D2, V25.D2, V26.D2, V27.D2]    // row 2
	VFMLA V8.D2, V28.D2, V24.D2
	VFMLA V9.D2, V28.D2, V25.D2
	VFMLA V10.D2, V28.D2, V26.D2
	VFMLA V11.D2, V28.D2, V27.D2
	VST1  [V24.D2, V25.D2, V26.D2, V27.D2], (R5)
	ADD   R6, R5, R5
	VLD1  (R5), [V24.D2, V25.D2, V26.D2, V27.D2]    // row 3
	VFMLA V12.D2, V28.D2, V24.D2
	VFMLA V13.D2, V28.D2, V25.D2
	VFMLA V14.D2, V28.D2, V26.D2
	VFMLA V15.D2, V28.D2, V27.D2
	VST1  [V24.D2, V25.D2, V26.D2, V27.D2], (R5)
	ADD   R6, R5, R5
	VLD1  (R5), [V24.D2, V25.D2, V26.D2, V27.D2]    // row 4
	VFMLA V16.D2, V28.D2, V24.D2
	VFMLA V17.D2, V28.D2, V25.D2
	VFMLA V18.D2, V28.D2, V26.D2
	VFMLA V19.D2, V28.D2, V27.D2
	VST1  [V24.D2, V25.D2, V26.D2, V27.D2], (R5)
	ADD   R6, R5, R5
	VLD1  (R5), [V24.D2, V25.D2, V26.D2, V27.D2]    // row 5
	VFMLA V20.D2, V28.D2, V24.D2
	VFMLA V21.D2, V28.D2, V25.D2
	VFMLA V22.D2, V28.D2, V26.D2
	VFMLA V23.D2, V28.D2, V27.D2
	VST1  [V24.D2, V25.D2, V26.D2, V27.D2], (R5)
	RET

// func dot64NEONf64(x, y *float64, n int) float64
// Σ_{i<n} x[i]*y[i]; n is a positive multiple of 8. Four accumulators of two lanes.
// The assembler has no mnemonic for floating-point vector FADD and scalar FADDP: WORDs.
TEXT ·dot64NEONf64(SB), NOSPLIT, $0-32
	MOVD x+0(FP), R0
	MOVD y+8(FP), R1
	MOVD n+16(FP), R2
	VEOR V0.B16, V0.B16, V0.B16
	VEOR V1.B16, V1.B16, V1.B16
	VEOR V2.B16, V2.B16, V2.B16
	VEOR V3.B16, V3.B16, V3.B16

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
