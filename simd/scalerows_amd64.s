//go:build !purego && !noasm

#include "textflag.h"

// func scaleRowsAVX2(n, k int, s, a *float32, lda int, dst *float32, ldd int, mask *int32)
// dst[i*ldd+j] = s[i]*a[i*lda+j]; n, k ≥ 1. Per row: s[i] broadcast, eight elements per
// step, the k%8 tail with masked loads and stores (mask nil when there is none).
TEXT ·scaleRowsAVX2(SB), NOSPLIT, $0-64
	MOVQ n+0(FP), R11
	MOVQ k+8(FP), R10
	MOVQ s+16(FP), BX
	MOVQ a+24(FP), R8
	MOVQ lda+32(FP), R12
	SHLQ $2, R12             // row strides in bytes
	MOVQ dst+40(FP), R9
	MOVQ ldd+48(FP), R13
	SHLQ $2, R13
	MOVQ mask+56(FP), AX
	TESTQ AX, AX
	JZ   row
	VMOVDQU (AX), Y15        // tail mask
row:
	VBROADCASTSS (BX), Y0
	MOVQ R8, SI
	MOVQ R9, DI
	MOVQ R10, CX
	CMPQ CX, $8
	JLT  tail
loop8:
	VMULPS (SI), Y0, Y1
	VMOVUPS Y1, (DI)
	ADDQ $32, SI
	ADDQ $32, DI
	SUBQ $8, CX
	CMPQ CX, $8
	JGE  loop8
tail:
	TESTQ CX, CX
	JZ   next
	VMASKMOVPS (SI), Y15, Y1
	VMULPS Y1, Y0, Y1
	VMASKMOVPS Y1, Y15, (DI)
next:
	ADDQ $4, BX
	ADDQ R12, R8
	ADDQ R13, R9
	DECQ R11
	JNZ  row
	VZEROUPPER
	RET
