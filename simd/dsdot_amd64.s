//go:build !purego && !noasm

#include "textflag.h"

// func dsdotAVX2(x, y *float32, n int) float64
// Σ_{i<n} x[i]*y[i] in float64; n is a positive multiple of 4. VCVTPS2PD widens four
// float32 to four float64; sixteen elements per step into four accumulators, then four
// at a time into the first.
TEXT ·dsdotAVX2(SB), NOSPLIT, $0-32
	MOVQ x+0(FP), SI
	MOVQ y+8(FP), DI
	MOVQ n+16(FP), CX
	VXORPD Y0, Y0, Y0
	VXORPD Y1, Y1, Y1
	VXORPD Y2, Y2, Y2
	VXORPD Y3, Y3, Y3
	CMPQ CX, $16
	JLT  tail
loop16:
	VCVTPS2PD (SI), Y4
	VCVTPS2PD 16(SI), Y5
	VCVTPS2PD 32(SI), Y6
	VCVTPS2PD 48(SI), Y7
	VCVTPS2PD (DI), Y8
	VCVTPS2PD 16(DI), Y9
	VCVTPS2PD 32(DI), Y10
	VCVTPS2PD 48(DI), Y11
	VFMADD231PD Y8, Y4, Y0   // Y0 += x[0:4]*y[0:4], products exact in float64
	VFMADD231PD Y9, Y5, Y1
	VFMADD231PD Y10, Y6, Y2
	VFMADD231PD Y11, Y7, Y3
	ADDQ $64, SI
	ADDQ $64, DI
	SUBQ $16, CX
	CMPQ CX, $16
	JGE  loop16
tail:
	TESTQ CX, CX
	JZ   done
loop4:
	VCVTPS2PD (SI), Y4
	VCVTPS2PD (DI), Y8
	VFMADD231PD Y8, Y4, Y0
	ADDQ $16, SI
	ADDQ $16, DI
	SUBQ $4, CX
	JNZ  loop4
done:
	VADDPD Y1, Y0, Y0
	VADDPD Y3, Y2, Y2
	VADDPD Y2, Y0, Y0
	VEXTRACTF128 $1, Y0, X1
	VADDPD X1, X0, X0
	VHADDPD X0, X0, X0
	VZEROUPPER
	MOVSD X0, ret+24(FP)
	RET

// func sumSqRowsAVX2(a *float32, lda, k, n int, dst *float64)
// dst[i] = Σ_{j<k} a[i*lda+j]² in float64 for i < n (n ≥ 1, k ≥ 0). Per row: eight
// elements per step into two accumulators, then four, then single elements into a scalar
// accumulator.
TEXT ·sumSqRowsAVX2(SB), NOSPLIT, $0-40
	MOVQ a+0(FP), R8
	MOVQ lda+8(FP), R9
	SHLQ $2, R9              // row stride in bytes
	MOVQ k+16(FP), R10
	MOVQ n+24(FP), R11
	MOVQ dst+32(FP), DI
row:
	MOVQ R8, SI
	MOVQ R10, CX
	VXORPD Y0, Y0, Y0
	VXORPD Y1, Y1, Y1
	VXORPD X2, X2, X2
	CMPQ CX, $8
	JLT  four
loop8:
	VCVTPS2PD (SI), Y4
	VCVTPS2PD 16(SI), Y5
	VFMADD231PD Y4, Y4, Y0   // Y0 += x², exact products
	VFMADD231PD Y5, Y5, Y1
	ADDQ $32, SI
	SUBQ $8, CX
	CMPQ CX, $8
	JGE  loop8
four:
	CMPQ CX, $4
	JLT  single
	VCVTPS2PD (SI), Y4
	VFMADD231PD Y4, Y4, Y0
	ADDQ $16, SI
	SUBQ $4, CX
single:
	TESTQ CX, CX
	JZ    reduce
	VCVTSS2SD (SI), X4, X4
	VFMADD231SD X4, X4, X2
	ADDQ $4, SI
	DECQ CX
	JMP  single
reduce:
	VADDPD Y1, Y0, Y0
	VEXTRACTF128 $1, Y0, X1
	VADDPD X1, X0, X0
	VHADDPD X0, X0, X0
	VADDSD X2, X0, X0
	VMOVSD X0, (DI)
	ADDQ $8, DI
	ADDQ R9, R8
	DECQ R11
	JNZ  row
	VZEROUPPER
	RET
