//go:build !purego && !noasm

#include "textflag.h"

// func axpyKeepAVX2(alpha float32, x, y, keep *float32, n int) bool
// keep[i] = y[i]; y[i] += alpha*x[i] (VFMADD231PS, as axpyAVX2); n a positive multiple of
// 8. The new values minus themselves are ORed into Y8–Y11 (0 when finite, NaN bits
// otherwise, as finite32AVX2); the result is whether they stay all zero.
TEXT ·axpyKeepAVX2(SB), NOSPLIT, $0-41
	VBROADCASTSS alpha+0(FP), Y0
	MOVQ x+8(FP), SI
	MOVQ y+16(FP), DX
	MOVQ keep+24(FP), DI
	MOVQ n+32(FP), CX
	VXORPS Y8, Y8, Y8
	VXORPS Y9, Y9, Y9
	VXORPS Y10, Y10, Y10
	VXORPS Y11, Y11, Y11
	CMPQ CX, $32
	JLT  keep8
keep32:
	VMOVUPS (DX), Y1
	VMOVUPS 32(DX), Y2
	VMOVUPS 64(DX), Y3
	VMOVUPS 96(DX), Y4
	VMOVUPS Y1, (DI)
	VMOVUPS Y2, 32(DI)
	VMOVUPS Y3, 64(DI)
	VMOVUPS Y4, 96(DI)
	VFMADD231PS (SI), Y0, Y1   // Y1 += alpha*x
	VFMADD231PS 32(SI), Y0, Y2
	VFMADD231PS 64(SI), Y0, Y3
	VFMADD231PS 96(SI), Y0, Y4
	VMOVUPS Y1, (DX)
	VMOVUPS Y2, 32(DX)
	VMOVUPS Y3, 64(DX)
	VMOVUPS Y4, 96(DX)
	VSUBPS  Y1, Y1, Y1
	VSUBPS  Y2, Y2, Y2
	VSUBPS  Y3, Y3, Y3
	VSUBPS  Y4, Y4, Y4
	VORPS   Y1, Y8, Y8
	VORPS   Y2, Y9, Y9
	VORPS   Y3, Y10, Y10
	VORPS   Y4, Y11, Y11
	ADDQ $128, SI
	ADDQ $128, DX
	ADDQ $128, DI
	SUBQ $32, CX
	CMPQ CX, $32
	JGE  keep32
keep8:
	TESTQ CX, CX
	JZ    keepdone
	VMOVUPS (DX), Y1
	VMOVUPS Y1, (DI)
	VFMADD231PS (SI), Y0, Y1
	VMOVUPS Y1, (DX)
	VSUBPS  Y1, Y1, Y1
	VORPS   Y1, Y8, Y8
	ADDQ $32, SI
	ADDQ $32, DX
	ADDQ $32, DI
	SUBQ $8, CX
	JMP  keep8
keepdone:
	VORPS  Y9, Y8, Y8
	VORPS  Y11, Y10, Y10
	VORPS  Y10, Y8, Y8
	VPTEST Y8, Y8
	SETEQ  ret+40(FP)
	VZEROUPPER
	RET
