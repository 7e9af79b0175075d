//go:build !purego && !noasm

#include "textflag.h"

DATA lscon<>+0(SB)/8, $0x7fffffffffffffff // |x| mask
DATA lscon<>+8(SB)/8, $0x7ff0000000000000 // +Inf
DATA lscon<>+16(SB)/8, $0x3ff0000000000000 // 1
DATA lscon<>+24(SB)/8, $0 // 0
DATA lscon<>+32(SB)/8, $0x8000000000000000 // sign
DATA lscon<>+40(SB)/8, $0
GLOBL lscon<>(SB), RODATA|NOPTR, $48

// func getrfStaticAVX2(n int, a *float64, lda int, lmax float64) bool
// The elimination of getrfStatic64Generic, n a positive multiple of 4, four steps at a
// time (no pivot search to wait for, so the steps k..k+3 of a four-column block go
// together). Rows k+1..k+3 one by one: the multipliers l_j (j = k..i−1) of row i's panel
// columns a[i,k..k+3] are formed as the one-step elimination forms them (a[i,j] times
// 1/u_jj after the earlier multipliers' updates of that column, u_jc read from the
// finished pivot rows) and checked against lmax, the rest of the panel row is the next
// pivot row's diagonal part (its pivot checked and inverted), and the row's columns from
// k+4 on lose l_k·U_k, l_{k+1}·U_{k+1}, … in that order. Rows k+4.. four at a time: their
// panels transposed in registers (a column of four rows per vector), the four multiplier
// columns formed by the same operations as vectors, transposed back and stored, then each
// row's columns from k+4 updated as above with its multipliers broadcast from the row
// vector. Those multipliers are checked against lmax once, at the end, from their running
// maximum and minimum: a NaN among them makes its row's later pivot NaN, which that step
// refuses. No masks: the blocks start at k+4.
//
// When inv is not nil, each block also writes its 32 cache entries (getrfStaticDiag4's
// formulas and order of operations, with the reciprocals of the pivots formed here) once
// its four pivot rows are final.
//
// Registers: BX row stride in bytes, DX n, R8 k, R10 i, R11 &a[i,0], R14 &a[i,k],
// AX &a[i+3,k], R15 the next block's cache entries, R12 &a[k,0], SI &a[k+1,0],
// DI &a[k+2,0], R9 &a[k+3,0], R13 i−k, CX column, X0..X3 1/u_jj, Y4..Y7 the panel values and multipliers (scalars in X4..X7
// for single rows), Y8..Y11 broadcast multipliers (transposition scratch), Y12 scratch,
// X13 scratch of the checks, Y14/Y15 the running maximum/minimum of the multipliers.
TEXT ·getrfStaticAVX2(SB), NOSPLIT, $0-41
	MOVQ n+0(FP), DX
	MOVQ a+8(FP), AX
	MOVQ lda+16(FP), BX
	SHLQ $3, BX
	MOVQ inv+32(FP), R15          // the cache (0: none); R15 is free until the groups
	VXORPD Y14, Y14, Y14
	VXORPD Y15, Y15, Y15
	XORQ R8, R8
	MOVQ AX, R12
block:
	MOVSD (R12)(R8*8), X4
	VANDPD lscon<>+0(SB), X4, X13
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
	VANDPD lscon<>+0(SB), X4, X13
	UCOMISD lmax+24(FP), X13
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
	VANDPD lscon<>+0(SB), X5, X13
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
	VANDPD lscon<>+0(SB), X5, X13
	UCOMISD lmax+24(FP), X13
	JA   fail                     // |l| > lmax
	VFNMADD231SD 16(SI)(R8*8), X5, X6
	VFNMADD231SD 24(SI)(R8*8), X5, X7
	MOVSD X5, 8(R11)(R8*8)
	CMPQ R13, $2
	JNE  r3
	// row k+2
	MOVSD X6, 16(R11)(R8*8)
	MOVSD X7, 24(R11)(R8*8)
	VANDPD lscon<>+0(SB), X6, X13
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
	// row k+3
	MULSD X2, X6                  // l_k+2
	VANDPD lscon<>+0(SB), X6, X13
	UCOMISD lmax+24(FP), X13
	JA   fail                     // |l| > lmax
	VFNMADD231SD 24(DI)(R8*8), X6, X7
	MOVSD X6, 16(R11)(R8*8)
	MOVSD X7, 24(R11)(R8*8)
	VANDPD lscon<>+0(SB), X7, X13
	UCOMISD lscon<>+24(SB), X13
	JBE  fail                     // zero or NaN pivot
	UCOMISD lscon<>+8(SB), X13
	JAE  fail                     // infinite pivot
	MOVSD lscon<>+16(SB), X3
	DIVSD X7, X3
	// the block's cache entries (GetrfDiag4T's formulas, in its order of operations)
	TESTQ R15, R15
	JZ   cached
	// forward: U_dd⁻¹ from the reciprocals X0..X3 and U_dd's upper entries
	MOVSD 8(R12)(R8*8), X8
	MULSD X0, X8
	MULSD X1, X8
	VXORPD lscon<>+32(SB), X8, X8
	MOVSD 16(SI)(R8*8), X9
	MULSD X1, X9
	MULSD X2, X9
	VXORPD lscon<>+32(SB), X9, X9
	MOVSD 24(DI)(R8*8), X10
	MULSD X2, X10
	MULSD X3, X10
	VXORPD lscon<>+32(SB), X10, X10
	MOVSD 16(R12)(R8*8), X11
	MULSD X0, X11
	MOVSD 16(SI)(R8*8), X12
	MULSD X8, X12
	ADDSD X12, X11
	MULSD X2, X11
	VXORPD lscon<>+32(SB), X11, X11
	MOVSD 24(SI)(R8*8), X12
	MULSD X1, X12
	MOVSD 24(DI)(R8*8), X13
	MULSD X9, X13
	ADDSD X13, X12
	MULSD X3, X12
	VXORPD lscon<>+32(SB), X12, X12
	MOVSD X12, 56(R15)
	MOVSD 24(R12)(R8*8), X12
	MULSD X0, X12
	MOVSD 24(SI)(R8*8), X13
	MULSD X8, X13
	ADDSD X13, X12
	MOVSD 24(DI)(R8*8), X13
	MULSD X11, X13
	ADDSD X13, X12
	MULSD X3, X12
	VXORPD lscon<>+32(SB), X12, X12
	VXORPD X13, X13, X13
	MOVSD X0, 0(R15)
	MOVSD X8, 8(R15)
	MOVSD X11, 16(R15)
	MOVSD X12, 24(R15)
	MOVSD X13, 32(R15)
	MOVSD X1, 40(R15)
	MOVSD X9, 48(R15)
	MOVSD X13, 64(R15)
	MOVSD X13, 72(R15)
	MOVSD X2, 80(R15)
	MOVSD X10, 88(R15)
	MOVSD X13, 96(R15)
	MOVSD X13, 104(R15)
	MOVSD X13, 112(R15)
	MOVSD X3, 120(R15)
	// backward: the inverse of the unit lower L_dd
	MOVSD (SI)(R8*8), X8
	VXORPD lscon<>+32(SB), X8, X8
	MOVSD 8(DI)(R8*8), X9
	VXORPD lscon<>+32(SB), X9, X9
	MOVSD 16(R9)(R8*8), X10
	VXORPD lscon<>+32(SB), X10, X10
	MOVSD 8(DI)(R8*8), X11
	MULSD X8, X11
	ADDSD (DI)(R8*8), X11
	VXORPD lscon<>+32(SB), X11, X11
	MOVSD 16(R9)(R8*8), X12
	MULSD X9, X12
	ADDSD 8(R9)(R8*8), X12
	VXORPD lscon<>+32(SB), X12, X12
	MOVSD X12, 232(R15)
	MOVSD 8(R9)(R8*8), X12
	MULSD X8, X12
	ADDSD (R9)(R8*8), X12
	MOVSD 16(R9)(R8*8), X13
	MULSD X11, X13
	ADDSD X13, X12
	VXORPD lscon<>+32(SB), X12, X12
	MOVSD lscon<>+16(SB), X13
	MOVSD X13, 128(R15)
	MOVSD X13, 168(R15)
	MOVSD X13, 208(R15)
	MOVSD X13, 248(R15)
	MOVSD X8, 160(R15)
	MOVSD X11, 192(R15)
	MOVSD X9, 200(R15)
	MOVSD X12, 224(R15)
	MOVSD X10, 240(R15)
	VXORPD X13, X13, X13
	MOVSD X13, 136(R15)
	MOVSD X13, 144(R15)
	MOVSD X13, 152(R15)
	MOVSD X13, 176(R15)
	MOVSD X13, 184(R15)
	MOVSD X13, 216(R15)
	ADDQ $256, R15
cached:
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
nextrow:
	INCQ R10
	INCQ R13
	ADDQ BX, R11
	CMPQ R13, $4
	JLT  row
groups:
	CMPQ R10, DX
	JGE  blockdone
	// rows i..i+3: panels in, transposed
	LEAQ (R11)(R8*8), R14
	LEAQ (R14)(BX*2), AX
	ADDQ BX, AX
	VMOVUPD (R14), Y4
	VMOVUPD (R14)(BX*1), Y5
	VMOVUPD (R14)(BX*2), Y6
	VMOVUPD (AX), Y7
	VUNPCKLPD Y5, Y4, Y8
	VUNPCKHPD Y5, Y4, Y9
	VUNPCKLPD Y7, Y6, Y10
	VUNPCKHPD Y7, Y6, Y11
	VPERM2F128 $0x20, Y10, Y8, Y4
	VPERM2F128 $0x20, Y11, Y9, Y5
	VPERM2F128 $0x31, Y10, Y8, Y6
	VPERM2F128 $0x31, Y11, Y9, Y7
	// the multiplier columns
	VBROADCASTSD X0, Y12
	VMULPD Y12, Y4, Y4            // l_k
	VMAXPD Y4, Y14, Y14
	VMINPD Y4, Y15, Y15
	VBROADCASTSD 8(R12)(R8*8), Y12
	VFNMADD231PD Y12, Y4, Y5
	VBROADCASTSD 16(R12)(R8*8), Y12
	VFNMADD231PD Y12, Y4, Y6
	VBROADCASTSD 24(R12)(R8*8), Y12
	VFNMADD231PD Y12, Y4, Y7
	VBROADCASTSD X1, Y12
	VMULPD Y12, Y5, Y5            // l_k+1
	VMAXPD Y5, Y14, Y14
	VMINPD Y5, Y15, Y15
	VBROADCASTSD 16(SI)(R8*8), Y12
	VFNMADD231PD Y12, Y5, Y6
	VBROADCASTSD 24(SI)(R8*8), Y12
	VFNMADD231PD Y12, Y5, Y7
	VBROADCASTSD X2, Y12
	VMULPD Y12, Y6, Y6            // l_k+2
	VMAXPD Y6, Y14, Y14
	VMINPD Y6, Y15, Y15
	VBROADCASTSD 24(DI)(R8*8), Y12
	VFNMADD231PD Y12, Y6, Y7
	VBROADCASTSD X3, Y12
	VMULPD Y12, Y7, Y7            // l_k+3
	VMAXPD Y7, Y14, Y14
	VMINPD Y7, Y15, Y15
	// back to rows, stored
	VUNPCKLPD Y5, Y4, Y8
	VUNPCKHPD Y5, Y4, Y9
	VUNPCKLPD Y7, Y6, Y10
	VUNPCKHPD Y7, Y6, Y11
	VPERM2F128 $0x20, Y10, Y8, Y4
	VPERM2F128 $0x20, Y11, Y9, Y5
	VPERM2F128 $0x31, Y10, Y8, Y6
	VPERM2F128 $0x31, Y11, Y9, Y7
	VMOVUPD Y4, (R14)
	VMOVUPD Y5, (R14)(BX*1)
	VMOVUPD Y6, (R14)(BX*2)
	VMOVUPD Y7, (AX)
	// row i+0: its columns from k+4 lose its four multipliers' rank-one terms
	VPERMPD $0x00, Y4, Y8
	VPERMPD $0x55, Y4, Y9
	VPERMPD $0xaa, Y4, Y10
	VPERMPD $0xff, Y4, Y11
	LEAQ 4(R8), CX
	CMPQ CX, DX
	JGE  gnext0
gcols0:
	VMOVUPD (R11)(CX*8), Y12
	VFNMADD231PD (R12)(CX*8), Y8, Y12
	VFNMADD231PD (SI)(CX*8), Y9, Y12
	VFNMADD231PD (DI)(CX*8), Y10, Y12
	VFNMADD231PD (R9)(CX*8), Y11, Y12
	VMOVUPD Y12, (R11)(CX*8)
	ADDQ $4, CX
	CMPQ CX, DX
	JLT  gcols0
gnext0:
	ADDQ BX, R11
	// row i+1: its columns from k+4 lose its four multipliers' rank-one terms
	VPERMPD $0x00, Y5, Y8
	VPERMPD $0x55, Y5, Y9
	VPERMPD $0xaa, Y5, Y10
	VPERMPD $0xff, Y5, Y11
	LEAQ 4(R8), CX
	CMPQ CX, DX
	JGE  gnext1
gcols1:
	VMOVUPD (R11)(CX*8), Y12
	VFNMADD231PD (R12)(CX*8), Y8, Y12
	VFNMADD231PD (SI)(CX*8), Y9, Y12
	VFNMADD231PD (DI)(CX*8), Y10, Y12
	VFNMADD231PD (R9)(CX*8), Y11, Y12
	VMOVUPD Y12, (R11)(CX*8)
	ADDQ $4, CX
	CMPQ CX, DX
	JLT  gcols1
gnext1:
	ADDQ BX, R11
	// row i+2: its columns from k+4 lose its four multipliers' rank-one terms
	VPERMPD $0x00, Y6, Y8
	VPERMPD $0x55, Y6, Y9
	VPERMPD $0xaa, Y6, Y10
	VPERMPD $0xff, Y6, Y11
	LEAQ 4(R8), CX
	CMPQ CX, DX
	JGE  gnext2
gcols2:
	VMOVUPD (R11)(CX*8), Y12
	VFNMADD231PD (R12)(CX*8), Y8, Y12
	VFNMADD231PD (SI)(CX*8), Y9, Y12
	VFNMADD231PD (DI)(CX*8), Y10, Y12
	VFNMADD231PD (R9)(CX*8), Y11, Y12
	VMOVUPD Y12, (R11)(CX*8)
	ADDQ $4, CX
	CMPQ CX, DX
	JLT  gcols2
gnext2:
	ADDQ BX, R11
	// row i+3: its columns from k+4 lose its four multipliers' rank-one terms
	VPERMPD $0x00, Y7, Y8
	VPERMPD $0x55, Y7, Y9
	VPERMPD $0xaa, Y7, Y10
	VPERMPD $0xff, Y7, Y11
	LEAQ 4(R8), CX
	CMPQ CX, DX
	JGE  gnext3
gcols3:
	VMOVUPD (R11)(CX*8), Y12
	VFNMADD231PD (R12)(CX*8), Y8, Y12
	VFNMADD231PD (SI)(CX*8), Y9, Y12
	VFNMADD231PD (DI)(CX*8), Y10, Y12
	VFNMADD231PD (R9)(CX*8), Y11, Y12
	VMOVUPD Y12, (R11)(CX*8)
	ADDQ $4, CX
	CMPQ CX, DX
	JLT  gcols3
gnext3:
	ADDQ BX, R11
	ADDQ $4, R10
	JMP  groups
blockdone:
	ADDQ $4, R8
	CMPQ R8, DX
	JGE  done
	LEAQ (R9)(BX*1), R12
	JMP  block
done:
	// max |l| over the groups' multipliers: max(max l, −min l)
	VXORPD Y13, Y13, Y13
	VSUBPD Y15, Y13, Y15
	VMAXPD Y15, Y14, Y14
	VEXTRACTF128 $1, Y14, X13
	VMAXPD X13, X14, X14
	VPERMILPD $1, X14, X13
	VMAXSD X13, X14, X14
	UCOMISD lmax+24(FP), X14
	JA   fail
	VZEROUPPER
	MOVB $1, ret+40(FP)
	RET
fail:
	VZEROUPPER
	MOVB $0, ret+40(FP)
	RET
