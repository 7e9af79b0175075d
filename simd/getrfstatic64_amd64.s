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
// Registers: BX row stride in bytes, DX n, R8 k, R10 i, R11 &a[i,0], R14 &a[i,k],
// R15 &a[i+3,k], R12 &a[k,0], SI &a[k+1,0], DI &a[k+2,0], R9 &a[k+3,0], R13 i−k,
// CX column, X0..X3 1/u_jj, Y4..Y7 the panel values and multipliers (scalars in X4..X7
// for single rows), Y8..Y11 broadcast multipliers (transposition scratch), Y12 scratch,
// X13 scratch of the checks, Y14/Y15 the running maximum/minimum of the multipliers.
TEXT ·getrfStaticAVX2(SB), NOSPLIT, $0-33
	MOVQ n+0(FP), DX
	MOVQ a+8(FP), AX
	MOVQ lda+16(FP), BX
	SHLQ $3, BX
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
	LEAQ (R14)(BX*2), R15
	ADDQ BX, R15
	VMOVUPD (R14), Y4
	VMOVUPD (R14)(BX*1), Y5
	VMOVUPD (R14)(BX*2), Y6
	VMOVUPD (R15), Y7
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
	VMOVUPD Y7, (R15)
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
	MOVB $1, ret+32(FP)
	RET
fail:
	VZEROUPPER
	MOVB $0, ret+32(FP)
	RET
