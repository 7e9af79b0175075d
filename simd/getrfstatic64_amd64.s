//go:build !purego && !noasm

#include "textflag.h"

DATA lscon<>+0(SB)/8, $0x7fffffffffffffff // |x| mask
DATA lscon<>+8(SB)/8, $0x7ff0000000000000 // +Inf
DATA lscon<>+16(SB)/8, $0x3ff0000000000000 // 1
DATA lscon<>+24(SB)/8, $0 // 0
GLOBL lscon<>(SB), RODATA|NOPTR, $32

// func getrfStaticAVX2(n int, a *float64, lda int, lmax float64) bool
// The elimination of getrfStatic64Generic, n a positive multiple of 4, four steps at a
// time (no pivot search to wait for, so the steps k..k+3 of a four-column block go
// together): for each row i = k+1..n−1 in turn, the multipliers l_j (j = k..min(i,k+4)−1)
// of its four panel columns a[i,k..k+3] are formed as the one-step elimination forms them
// (a[i,j] times 1/u_jj after the earlier multipliers' updates of that column, the
// pivot-row entries u_jc read from rows k..k+2 as already finished) and checked against
// lmax; rows k+1..k+3 finish the block's pivot rows, whose new pivots are checked and
// inverted; then the row's columns from k+4 on lose l_k·U_k, l_{k+1}·U_{k+1}, … in
// that order (the one-step updates' order, fused: one load and store per four-column
// block for up to four multiply-adds; no masks, the blocks start at k+4).
//
// Registers: AX a, BX row stride in bytes, DX n, R8 k, R10 i, R11 &a[i,0], R12 &a[k,0],
// SI &a[k+1,0], DI &a[k+2,0], R9 &a[k+3,0], R13 i−k, CX column, X0..X3 1/u_jj,
// X4..X7 the row's panel values, then its multipliers (broadcast in Y8..Y11), Y12 the
// block updated, X13 scratch, X14 lmax, X15 |x| mask.
TEXT ·getrfStaticAVX2(SB), NOSPLIT, $0-33
	MOVQ n+0(FP), DX
	MOVQ a+8(FP), AX
	MOVQ lda+16(FP), BX
	SHLQ $3, BX
	MOVSD lmax+24(FP), X14
	MOVSD lscon<>+0(SB), X15
	XORQ R8, R8
	MOVQ AX, R12
block:
	MOVSD (R12)(R8*8), X4
	VANDPD X15, X4, X13
	UCOMISD lscon<>+24(SB), X13
	JBE  fail                     // zero or NaN pivot
	UCOMISD lscon<>+8(SB), X13
	JAE  fail                     // infinite pivot
	MOVSD lscon<>+16(SB), X0
	DIVSD X4, X0
	LEAQ (R12)(BX*1), SI
	LEAQ (SI)(BX*1), DI
	LEAQ (DI)(BX*1), R9
	LEAQ 1(R8), R10
	MOVQ SI, R11
	MOVQ $1, R13
row:
	MOVSD (R11)(R8*8), X4
	MOVSD 8(R11)(R8*8), X5
	MOVSD 16(R11)(R8*8), X6
	MOVSD 24(R11)(R8*8), X7
	MULSD X0, X4                  // l_k
	VANDPD X15, X4, X13
	UCOMISD X14, X13
	JA   fail                     // |l| > lmax
	VFNMADD231SD 8(R12)(R8*8), X4, X5
	VFNMADD231SD 16(R12)(R8*8), X4, X6
	VFNMADD231SD 24(R12)(R8*8), X4, X7
	MOVSD X4, (R11)(R8*8)
	CMPQ R13, $1
	JNE  r2
	// row k+1: the block's second pivot row
	MOVSD X5, 8(R11)(R8*8)
	MOVSD X6, 16(R11)(R8*8)
	MOVSD X7, 24(R11)(R8*8)
	VANDPD X15, X5, X13
	UCOMISD lscon<>+24(SB), X13
	JBE  fail                     // zero or NaN pivot
	UCOMISD lscon<>+8(SB), X13
	JAE  fail                     // infinite pivot
	MOVSD lscon<>+16(SB), X1
	DIVSD X5, X1
	VBROADCASTSD X4, Y8
	LEAQ 4(R8), CX
	CMPQ CX, DX
	JGE  nextrow
cols1:
	VMOVUPD (R11)(CX*8), Y12
	VFNMADD231PD (R12)(CX*8), Y8, Y12
	VMOVUPD Y12, (R11)(CX*8)
	ADDQ $4, CX
	CMPQ CX, DX
	JLT  cols1
	JMP  nextrow
r2:
	MULSD X1, X5                  // l_k+1
	VANDPD X15, X5, X13
	UCOMISD X14, X13
	JA   fail                     // |l| > lmax
	VFNMADD231SD 16(SI)(R8*8), X5, X6
	VFNMADD231SD 24(SI)(R8*8), X5, X7
	MOVSD X5, 8(R11)(R8*8)
	CMPQ R13, $2
	JNE  r3
	// row k+2
	MOVSD X6, 16(R11)(R8*8)
	MOVSD X7, 24(R11)(R8*8)
	VANDPD X15, X6, X13
	UCOMISD lscon<>+24(SB), X13
	JBE  fail                     // zero or NaN pivot
	UCOMISD lscon<>+8(SB), X13
	JAE  fail                     // infinite pivot
	MOVSD lscon<>+16(SB), X2
	DIVSD X6, X2
	VBROADCASTSD X4, Y8
	VBROADCASTSD X5, Y9
	LEAQ 4(R8), CX
	CMPQ CX, DX
	JGE  nextrow
cols2:
	VMOVUPD (R11)(CX*8), Y12
	VFNMADD231PD (R12)(CX*8), Y8, Y12
	VFNMADD231PD (SI)(CX*8), Y9, Y12
	VMOVUPD Y12, (R11)(CX*8)
	ADDQ $4, CX
	CMPQ CX, DX
	JLT  cols2
	JMP  nextrow
r3:
	MULSD X2, X6                  // l_k+2
	VANDPD X15, X6, X13
	UCOMISD X14, X13
	JA   fail                     // |l| > lmax
	VFNMADD231SD 24(DI)(R8*8), X6, X7
	MOVSD X6, 16(R11)(R8*8)
	CMPQ R13, $3
	JNE  r4
	// row k+3
	MOVSD X7, 24(R11)(R8*8)
	VANDPD X15, X7, X13
	UCOMISD lscon<>+24(SB), X13
	JBE  fail                     // zero or NaN pivot
	UCOMISD lscon<>+8(SB), X13
	JAE  fail                     // infinite pivot
	MOVSD lscon<>+16(SB), X3
	DIVSD X7, X3
	VBROADCASTSD X4, Y8
	VBROADCASTSD X5, Y9
	VBROADCASTSD X6, Y10
	LEAQ 4(R8), CX
	CMPQ CX, DX
	JGE  nextrow
cols3:
	VMOVUPD (R11)(CX*8), Y12
	VFNMADD231PD (R12)(CX*8), Y8, Y12
	VFNMADD231PD (SI)(CX*8), Y9, Y12
	VFNMADD231PD (DI)(CX*8), Y10, Y12
	VMOVUPD Y12, (R11)(CX*8)
	ADDQ $4, CX
	CMPQ CX, DX
	JLT  cols3
	JMP  nextrow
r4:
	MULSD X3, X7                  // l_k+3
	VANDPD X15, X7, X13
	UCOMISD X14, X13
	JA   fail                     // |l| > lmax
	MOVSD X7, 24(R11)(R8*8)
	VBROADCASTSD X4, Y8
	VBROADCASTSD X5, Y9
	VBROADCASTSD X6, Y10
	VBROADCASTSD X7, Y11
	LEAQ 4(R8), CX
	CMPQ CX, DX
	JGE  nextrow
cols4:
	VMOVUPD (R11)(CX*8), Y12
	VFNMADD231PD (R12)(CX*8), Y8, Y12
	VFNMADD231PD (SI)(CX*8), Y9, Y12
	VFNMADD231PD (DI)(CX*8), Y10, Y12
	VFNMADD231PD (R9)(CX*8), Y11, Y12
	VMOVUPD Y12, (R11)(CX*8)
	ADDQ $4, CX
	CMPQ CX, DX
	JLT  cols4
	JMP  nextrow
nextrow:
	INCQ R10
	INCQ R13
	ADDQ BX, R11
	CMPQ R10, DX
	JLT  row
	ADDQ $4, R8
	CMPQ R8, DX
	JGE  done
	LEAQ (R9)(BX*1), R12
	JMP  block
done:
	VZEROUPPER
	MOVB $1, ret+32(FP)
	RET
fail:
	VZEROUPPER
	MOVB $0, ret+32(FP)
	RET
