//go:build !purego && !noasm

#include "textflag.h"

// func packStrip16AVX2(k int, b *float32, ldb int, st *float32)
// st[p*16+j] = b[p*ldb+j] for p < k, j < 16; k ≥ 1. Two rows per step, each as two
// 8-lane loads and stores, so the loads of both rows are in flight together.
TEXT ·packStrip16AVX2(SB), NOSPLIT, $0-32
	MOVQ k+0(FP), CX
	MOVQ b+8(FP), SI
	MOVQ ldb+16(FP), DX
	SHLQ $2, DX              // row stride in bytes
	MOVQ st+24(FP), DI
	CMPQ CX, $2
	JLT  one
two:
	VMOVUPS (SI), Y0
	VMOVUPS 32(SI), Y1
	VMOVUPS (SI)(DX*1), Y2
	VMOVUPS 32(SI)(DX*1), Y3
	VMOVUPS Y0, (DI)
	VMOVUPS Y1, 32(DI)
	VMOVUPS Y2, 64(DI)
	VMOVUPS Y3, 96(DI)
	LEAQ (SI)(DX*2), SI
	ADDQ $128, DI
	SUBQ $2, CX
	CMPQ CX, $2
	JGE  two
one:
	TESTQ CX, CX
	JZ   done
	VMOVUPS (SI), Y0
	VMOVUPS 32(SI), Y1
	VMOVUPS Y0, (DI)
	VMOVUPS Y1, 32(DI)
done:
	VZEROUPPER
	RET
