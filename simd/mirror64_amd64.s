//go:build !purego && !noasm

#include "textflag.h"

// TRANS4 transposes the 4×4 block in Y0..Y3 (its rows) into Y4..Y7 (its columns).
#define TRANS4 \
	VUNPCKLPD  Y1, Y0, Y8; \
	VUNPCKHPD  Y1, Y0, Y9; \
	VUNPCKLPD  Y3, Y2, Y10; \
	VUNPCKHPD  Y3, Y2, Y11; \
	VPERM2F128 $0x20, Y10, Y8, Y4; \
	VPERM2F128 $0x20, Y11, Y9, Y5; \
	VPERM2F128 $0x31, Y10, Y8, Y6; \
	VPERM2F128 $0x31, Y11, Y9, Y7

// func mirrorLower64AVX2(n int, a *float64, lda int)
// Block row bi (rows 4bi..4bi+3): each block (bi, bj), bj < bi, is loaded, transposed and
// stored as block (bj, bi); the diagonal block's rows take its columns' values right of
// the diagonal (VBLENDPD). Registers: SI a, R8 lda in bytes, R9 3·lda, DX n/4, BX bi,
// CX bj, R10 &a[4bi, 0], R11 the source block, R12 its mirror.
TEXT ·mirrorLower64AVX2(SB), NOSPLIT, $0-24
	MOVQ n+0(FP), DX
	SHRQ $2, DX
	MOVQ a+8(FP), SI
	MOVQ lda+16(FP), R8
	SHLQ $3, R8
	LEAQ (R8)(R8*2), R9
	XORQ BX, BX
	MOVQ SI, R10
blockrow:
	MOVQ R10, R11                 // block (bi, 0)
	MOVQ BX, R12
	SHLQ $5, R12
	ADDQ SI, R12                  // block (0, bi)
	XORQ CX, CX
offdiag:
	CMPQ CX, BX
	JGE  diag
	VMOVUPD (R11), Y0
	VMOVUPD (R11)(R8*1), Y1
	VMOVUPD (R11)(R8*2), Y2
	VMOVUPD (R11)(R9*1), Y3
	TRANS4
	VMOVUPD Y4, (R12)
	VMOVUPD Y5, (R12)(R8*1)
	VMOVUPD Y6, (R12)(R8*2)
	VMOVUPD Y7, (R12)(R9*1)
	ADDQ $32, R11
	LEAQ (R12)(R8*4), R12
	INCQ CX
	JMP  offdiag
diag:
	// R11 = R12 = block (bi, bi)
	VMOVUPD (R11), Y0
	VMOVUPD (R11)(R8*1), Y1
	VMOVUPD (R11)(R8*2), Y2
	VMOVUPD (R11)(R9*1), Y3
	TRANS4
	VBLENDPD $14, Y4, Y0, Y0      // row 0: columns 1..3 from column 0
	VBLENDPD $12, Y5, Y1, Y1      // row 1: columns 2..3 from column 1
	VBLENDPD $8, Y6, Y2, Y2       // row 2: column 3 from column 2
	VMOVUPD Y0, (R11)
	VMOVUPD Y1, (R11)(R8*1)
	VMOVUPD Y2, (R11)(R8*2)
	LEAQ (R10)(R8*4), R10
	INCQ BX
	CMPQ BX, DX
	JLT  blockrow
	VZEROUPPER
	RET
