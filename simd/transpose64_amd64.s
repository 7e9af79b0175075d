//go:build !purego && !noasm

#include "textflag.h"

// func transpose4x4AVX2(a *float64, lda int, b *float64, ldb int, rb, cb int)
// For each 4×4 block (I, J): the four rows of A at rows 4I.., columns 4J.. are interleaved
// in pairs (VUNPCKLPD/VUNPCKHPD) and their 128-bit halves recombined (VPERM2F128) into the
// four columns, stored as rows 4J.. of B at columns 4I...
TEXT ·transpose4x4AVX2(SB), NOSPLIT, $0-48
	MOVQ a+0(FP), SI
	MOVQ lda+8(FP), R8
	SHLQ $3, R8
	MOVQ b+16(FP), DI
	MOVQ ldb+24(FP), R9
	SHLQ $3, R9
	MOVQ rb+32(FP), BX
	LEAQ (R8)(R8*2), R14 // 3·lda
	LEAQ (R9)(R9*2), R15 // 3·ldb

blockrow:
	MOVQ SI, R10
	MOVQ DI, R11
	MOVQ cb+40(FP), DX

block:
	VMOVUPD    (R10), Y0
	VMOVUPD    (R10)(R8*1), Y1
	VMOVUPD    (R10)(R8*2), Y2
	VMOVUPD    (R10)(R14*1), Y3
	VUNPCKLPD  Y1, Y0, Y4
	VUNPCKHPD  Y1, Y0, Y5
	VUNPCKLPD  Y3, Y2, Y6
	VUNPCKHPD  Y3, Y2, Y7
	VPERM2F128 $0x20, Y6, Y4, Y0
	VPERM2F128 $0x20, Y7, Y5, Y1
	VPERM2F128 $0x31, Y6, Y4, Y2
	VPERM2F128 $0x31, Y7, Y5, Y3
	VMOVUPD    Y0, (R11)
	VMOVUPD    Y1, (R11)(R9*1)
	VMOVUPD    Y2, (R11)(R9*2)
	VMOVUPD    Y3, (R11)(R15*1)
	ADDQ       $32, R10
	LEAQ       (R11)(R9*4), R11
	DECQ       DX
	JNZ        block

	LEAQ (SI)(R8*4), SI
	ADDQ $32, DI
	DECQ BX
	JNZ  blockrow
	VZEROUPPER
	RET
