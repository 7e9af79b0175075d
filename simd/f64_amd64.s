//go:build !purego && !noasm

#include "textflag.h"

// func syrk64K3x4(k int, a *float64, lda int, b *float64, ldb int, c *float64, ldc int, alpha float64)
// c[i*ldc+j] += alpha*Σ_{p<k} a[i*lda+p]*b[j*ldb+p] for i < 3, j < 4; k is a positive
// multiple of 4. Twelve accumulators hold four partial sums each (Y0..Y11, row-major
// i*4+j); the rows of a sit in Y12..Y14, one row of b at a time in Y15.
TEXT ·syrk64K3x4(SB), NOSPLIT, $0-64
	MOVQ k+0(FP), CX
	MOVQ a+8(FP), SI
	MOVQ lda+16(FP), R8
	SHLQ $3, R8
	MOVQ b+24(FP), DX
	MOVQ ldb+32(FP), R10
	SHLQ $3, R10
	MOVQ c+40(FP), DI
	MOVQ ldc+48(FP), R11
	SHLQ $3, R11
	LEAQ (DX)(R10*2), R12
	ADDQ R10, R12                   // R12 = row 3 of b
	VXORPD Y0, Y0, Y0
	VXORPD Y1, Y1, Y1
	VXORPD Y2, Y2, Y2
	VXORPD Y3, Y3, Y3
	VXORPD Y4, Y4, Y4
	VXORPD Y5, Y5, Y5
	VXORPD Y6, Y6, Y6
	VXORPD Y7, Y7, Y7
	VXORPD Y8, Y8, Y8
	VXORPD Y9, Y9, Y9
	VXORPD Y10, Y10, Y10
	VXORPD Y11, Y11, Y11
loop:
	VMOVUPD (SI), Y12               // a row 0, p..p+3
	VMOVUPD (SI)(R8*1), Y13         // a row 1
	VMOVUPD (SI)(R8*2), Y14         // a row 2
	VMOVUPD (DX), Y15               // b row 0
	VFMADD231PD Y15, Y12, Y0
	VFMADD231PD Y15, Y13, Y4
	VFMADD231PD Y15, Y14, Y8
	VMOVUPD (DX)(R10*1), Y15        // b row 1
	VFMADD231PD Y15, Y12, Y1
	VFMADD231PD Y15, Y13, Y5
	VFMADD231PD Y15, Y14, Y9
	VMOVUPD (DX)(R10*2), Y15        // b row 2
	VFMADD231PD Y15, Y12, Y2
	VFMADD231PD Y15, Y13, Y6
	VFMADD231PD Y15, Y14, Y10
	VMOVUPD (R12), Y15              // b row 3
	VFMADD231PD Y15, Y12, Y3
	VFMADD231PD Y15, Y13, Y7
	VFMADD231PD Y15, Y14, Y11
	ADDQ $32, SI
	ADDQ $32, DX
	ADDQ $32, R12
	SUBQ $4, CX
	JNZ  loop
	// Row 0: [Σacc0, Σacc1, Σacc2, Σacc3] into Y14, then c += alpha*Y14.
	VHADDPD Y1, Y0, Y12             // [0₀₁, 1₀₁, 0₂₃, 1₂₃]
	VHADDPD Y3, Y2, Y13             // [2₀₁, 3₀₁, 2₂₃, 3₂₃]
	VPERM2F128 $0x20, Y13, Y12, Y14 // low halves
	VPERM2F128 $0x31, Y13, Y12, Y15 // high halves
	VADDPD Y15, Y14, Y14
	VBROADCASTSD alpha+56(FP), Y0   // alpha (acc0 is free now)
	VMOVUPD (DI), Y1
	VFMADD231PD Y14, Y0, Y1         // c += alpha*sums
	VMOVUPD Y1, (DI)
	// Row 1.
	VHADDPD Y5, Y4, Y12
	VHADDPD Y7, Y6, Y13
	VPERM2F128 $0x20, Y13, Y12, Y14
	VPERM2F128 $0x31, Y13, Y12, Y15
	VADDPD Y15, Y14, Y14
	VMOVUPD (DI)(R11*1), Y1
	VFMADD231PD Y14, Y0, Y1
	VMOVUPD Y1, (DI)(R11*1)
	// Row 2.
	VHADDPD Y9, Y8, Y12
	VHADDPD Y11, Y10, Y13
	VPERM2F128 $0x20, Y13, Y12, Y14
	VPERM2F128 $0x31, Y13, Y12, Y15
	VADDPD Y15, Y14, Y14
	VMOVUPD (DI)(R11*2), Y1
	VFMADD231PD Y14, Y0, Y1
	VMOVUPD Y1, (DI)(R11*2)
	VZEROUPPER
	RET

// func dot64AVX2(x *float64, y *float64, n int) float64
// Σ_{i<n} x[i]*y[i]; n is a positive multiple of 16. Four ymm accumulators (Y0..Y3) of four
// partial sums each hide the FMA latency.
TEXT ·dot64AVX2(SB), NOSPLIT, $0-32
	MOVQ x+0(FP), SI
	MOVQ y+8(FP), DI
	MOVQ n+16(FP), CX
	VXORPD Y0, Y0, Y0
	VXORPD Y1, Y1, Y1
	VXORPD Y2, Y2, Y2
	VXORPD Y3, Y3, Y3
dotloop:
	VMOVUPD (SI), Y4                // x[i..i+3]
	VMOVUPD 32(SI), Y5
	VMOVUPD 64(SI), Y6
	VMOVUPD 96(SI), Y7
	VFMADD231PD (DI), Y4, Y0        // acc0 += x·y
	VFMADD231PD 32(DI), Y5, Y1
	VFMADD231PD 64(DI), Y6, Y2
	VFMADD231PD 96(DI), Y7, Y3
	ADDQ $128, SI
	ADDQ $128, DI
	SUBQ $16, CX
	JNZ  dotloop
	VADDPD Y1, Y0, Y0               // float add of the accumulators
	VADDPD Y3, Y2, Y2
	VADDPD Y2, Y0, Y0
	VEXTRACTF128 $1, Y0, X1         // high half
	VADDPD X1, X0, X0
	VHADDPD X0, X0, X0              // lane 0 + lane 1
	VZEROUPPER
	MOVSD X0, ret+24(FP)
	RET
