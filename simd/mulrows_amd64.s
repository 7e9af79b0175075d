//go:build !purego && !noasm

#include "textflag.h"

// func mulRowsAVX2(rows, n int, alpha float32, x *float32, ldx int, y *float32, ldy int, dst *float32, ldd int)
// dst[i*ldd+j] = (alpha·x[i*ldx+j])·y[i*ldy+j]; rows, n ≥ 1. Per row: blocks of eight
// (two rounded products, VMULPS then VMULPS), then the n%8 tail with the same scalar
// products (no masked stores: they are slow on AMD cores).
TEXT ·mulRowsAVX2(SB), NOSPLIT, $0-72
	MOVQ rows+0(FP), R11
	MOVQ n+8(FP), R10
	VBROADCASTSS alpha+16(FP), Y0
	MOVQ x+24(FP), R8
	MOVQ ldx+32(FP), R12
	SHLQ $2, R12              // row strides in bytes
	MOVQ y+40(FP), R9
	MOVQ ldy+48(FP), R13
	SHLQ $2, R13
	MOVQ dst+56(FP), BX
	MOVQ ldd+64(FP), R14
	SHLQ $2, R14
mrow:
	XORQ AX, AX               // element offset in bytes
	MOVQ R10, CX
	CMPQ CX, $8
	JLT  mtail
mloop8:
	VMULPS  (R8)(AX*1), Y0, Y1
	VMULPS  (R9)(AX*1), Y1, Y1
	VMOVUPS Y1, (BX)(AX*1)
	ADDQ $32, AX
	SUBQ $8, CX
	CMPQ CX, $8
	JGE  mloop8
mtail:
	TESTQ CX, CX
	JZ   mnext
	VMULSS (R8)(AX*1), X0, X1
	VMULSS (R9)(AX*1), X1, X1
	VMOVSS X1, (BX)(AX*1)
	ADDQ $4, AX
	DECQ CX
	JMP  mtail
mnext:
	ADDQ R12, R8
	ADDQ R13, R9
	ADDQ R14, BX
	DECQ R11
	JNZ  mrow
	VZEROUPPER
	RET
