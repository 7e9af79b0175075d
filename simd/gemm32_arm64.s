//go:build !purego && !noasm

#include "textflag.h"

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

m16loop:
	VLD1.P 64(R4), [V24.S4, V25.S4, V26.S4, V27.S4] // b[p, 0:16]
	VLD1R.P (R7)(R3), [V28.S4]                      // a[0,p] in every lane; next p
	VLD1R.P (R8)(R3), [V29.S4]                      // a[1,p]
	VLD1R.P (R9)(R3), [V30.S4]                      // a[2,p]
	VLD1R.P (R10)(R3), [V31.S4]                     // a[3,p]
	VFMLA  V24.S4, V28.S4, V0.S4                    // row 0 += a[0,p]*b[p,0:4]
	VFMLA  V25.S4, V28.S4, V1.S4
	VFMLA  V26.S4, V28.S4, V2.S4
	VFMLA  V27.S4, V28.S4, V3.S4
	VFMLA  V24.S4, V29.S4, V4.S4                    // row 1
	VFMLA  V25.S4, V29.S4, V5.S4
	VFMLA  V26.S4, V29.S4, V6.S4
	VFMLA  V27.S4, V29.S4, V7.S4
	VLD1R.P (R11)(R3), [V28.S4]                     // a[4,p]
	VLD1R.P (R12)(R3), [V29.S4]                     // a[5,p]
	VFMLA  V24.S4, V30.S4, V8.S4                    // row 2
	VFMLA  V25.S4, V30.S4, V9.S4
	VFMLA  V26.S4, V30.S4, V10.S4
	VFMLA  V27.S4, V30.S4, V11.S4
	VFMLA  V24.S4, V31.S4, V12.S4                   // row 3
	VFMLA  V25.S4, V31.S4, V13.S4
	VFMLA  V26.S4, V31.S4, V14.S4
	VFMLA  V27.S4, V31.S4, V15.S4
	VFMLA  V24.S4, V28.S4, V16.S4                   // row 4
	VFMLA  V25.S4, V28.S4, V17.S4
	VFMLA  V26.S4, V28.S4, V18.S4
	VFMLA  V27.S4, V28.S4, V19.S4
	VFMLA  V24.S4, V29.S4, V20.S4                   // row 5
	VFMLA  V25.S4, V29.S4, V21.S4
	VFMLA  V26.S4, V29.S4, V22.S4
	VFMLA  V27.S4, V29.S4, V23.S4
	SUBS   $1, R0, R0
	BNE    m16loop

	FMOVS  alpha+56(FP), F28
	VDUP   V28.S[0], V28.S4                         // alpha in every lane
	VLD1   (R5), [V24.S4, V25.S4, V26.S4, V27.S4]   // row 0: c += acc*alpha
	VFMLA  V0.S4, V28.S4, V24.S4
	VFMLA  V1.S4, V28.S4, V25.S4
	VFMLA  V2.S4, V28.S4, V26.S4
	VFMLA  V3.S4, V28.S4, V27.S4
	VST1.P [V24.S4, V25.S4, V26.S4, V27.S4], (R5)(R6) // next row of c
	VLD1   (R5), [V24.S4, V25.S4, V26.S4, V27.S4]   // row 1
	VFMLA  V4.S4, V28.S4, V24.S4
	VFMLA  V5.S4, V28.S4, V25.S4
	VFMLA  V6.S4, V28.S4, V26.S4
	VFMLA  V7.S4, V28.S4, V27.S4
	VST1.P [V24.S4, V25.S4, V26.S4, V27.S4], (R5)(R6) // next row of c
	VLD1   (R5), [V24.S4, V25.S4, V26.S4, V27.S4]   // row 2
	VFMLA  V8.S4, V28.S4, V24.S4
	VFMLA  V9.S4, V28.S4, V25.S4
	VFMLA  V10.S4, V28.S4, V26.S4
	VFMLA  V11.S4, V28.S4, V27.S4
	VST1.P [V24.S4, V25.S4, V26.S4, V27.S4], (R5)(R6) // next row of c
	VLD1   (R5), [V24.S4, V25.S4, V26.S4, V27.S4]   // row 3
	VFMLA  V12.S4, V28.S4, V24.S4
	VFMLA  V13.S4, V28.S4, V25.S4
	VFMLA  V14.S4, V28.S4, V26.S4
	VFMLA  V15.S4, V28.S4, V27.S4
	VST1.P [V24.S4, V25.S4, V26.S4, V27.S4], (R5)(R6) // next row of c
	VLD1   (R5), [V24.S4, V25.S4, V26.S4, V27.S4]   // row 4
	VFMLA  V16.S4, V28.S4, V24.S4
	VFMLA  V17.S4, V28.S4, V25.S4
	VFMLA  V18.S4, V28.S4, V26.S4
	VFMLA  V19.S4, V28.S4, V27.S4
	VST1.P [V24.S4, V25.S4, V26.S4, V27.S4], (R5)(R6) // next row of c
	VLD1   (R5), [V24.S4, V25.S4, V26.S4, V27.S4]   // row 5
	VFMLA  V20.S4, V28.S4, V24.S4
	VFMLA  V21.S4, V28.S4, V25.S4
	VFMLA  V22.S4, V28.S4, V26.S4
	VFMLA  V23.S4, V28.S4, V27.S4
	VST1.P [V24.S4, V25.S4, V26.S4, V27.S4], (R5)(R6) // next row of c
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
	ADD  R2, R7, R8                                 // rows 1..5
	ADD  R2, R8, R9
	ADD  R2, R9, R10
	ADD  R2, R10, R11
	ADD  R2, R11, R12
	MOVD $64, R13                                   // strip row in bytes
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

m8loop:
	VLD1.P (R4)(R13), [V24.S4, V25.S4]              // b[p, 0:8]; next p
	VLD1R.P (R7)(R3), [V26.S4]                      // a[0,p] in every lane; next p
	VLD1R.P (R8)(R3), [V27.S4]                      // a[1,p]
	VLD1R.P (R9)(R3), [V28.S4]                      // a[2,p]
	VLD1R.P (R10)(R3), [V29.S4]                     // a[3,p]
	VLD1R.P (R11)(R3), [V30.S4]                     // a[4,p]
	VLD1R.P (R12)(R3), [V31.S4]                     // a[5,p]
	VFMLA  V24.S4, V26.S4, V0.S4                    // row 0 += a[0,p]*b[p,0:4]
	VFMLA  V25.S4, V26.S4, V1.S4
	VFMLA  V24.S4, V27.S4, V2.S4                    // row 1
	VFMLA  V25.S4, V27.S4, V3.S4
	VFMLA  V24.S4, V28.S4, V4.S4                    // row 2
	VFMLA  V25.S4, V28.S4, V5.S4
	VFMLA  V24.S4, V29.S4, V6.S4                    // row 3
	VFMLA  V25.S4, V29.S4, V7.S4
	VFMLA  V24.S4, V30.S4, V8.S4                    // row 4
	VFMLA  V25.S4, V30.S4, V9.S4
	VFMLA  V24.S4, V31.S4, V10.S4                   // row 5
	VFMLA  V25.S4, V31.S4, V11.S4
	SUBS   $1, R0, R0
	BNE    m8loop

	FMOVS  alpha+56(FP), F28
	VDUP   V28.S[0], V28.S4                         // alpha in every lane
	VLD1   (R5), [V24.S4, V25.S4]                   // row 0: c += acc*alpha
	VFMLA  V0.S4, V28.S4, V24.S4
	VFMLA  V1.S4, V28.S4, V25.S4
	VST1.P [V24.S4, V25.S4], (R5)(R6)               // next row of c
	VLD1   (R5), [V24.S4, V25.S4]                   // row 1
	VFMLA  V2.S4, V28.S4, V24.S4
	VFMLA  V3.S4, V28.S4, V25.S4
	VST1.P [V24.S4, V25.S4], (R5)(R6)               // next row of c
	VLD1   (R5), [V24.S4, V25.S4]                   // row 2
	VFMLA  V4.S4, V28.S4, V24.S4
	VFMLA  V5.S4, V28.S4, V25.S4
	VST1.P [V24.S4, V25.S4], (R5)(R6)               // next row of c
	VLD1   (R5), [V24.S4, V25.S4]                   // row 3
	VFMLA  V6.S4, V28.S4, V24.S4
	VFMLA  V7.S4, V28.S4, V25.S4
	VST1.P [V24.S4, V25.S4], (R5)(R6)               // next row of c
	VLD1   (R5), [V24.S4, V25.S4]                   // row 4
	VFMLA  V8.S4, V28.S4, V24.S4
	VFMLA  V9.S4, V28.S4, V25.S4
	VST1.P [V24.S4, V25.S4], (R5)(R6)               // next row of c
	VLD1   (R5), [V24.S4, V25.S4]                   // row 5
	VFMLA  V10.S4, V28.S4, V24.S4
	VFMLA  V11.S4, V28.S4, V25.S4
	VST1.P [V24.S4, V25.S4], (R5)(R6)               // next row of c
	RET
