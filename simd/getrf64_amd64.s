//go:build !purego && !noasm

#include "textflag.h"

DATA lucon<>+0(SB)/8, $0x7fffffffffffffff // |x| mask
DATA lucon<>+8(SB)/8, $0x7ff0000000000000 // +Inf
DATA lucon<>+16(SB)/8, $0x3ff0000000000000 // 1
GLOBL lucon<>(SB), RODATA|NOPTR, $24

// lumask<> row z keeps lanes z..3 of a four-column block (zeroes the z leading ones).
DATA lumask<>+0(SB)/8, $0xffffffffffffffff
DATA lumask<>+8(SB)/8, $0xffffffffffffffff
DATA lumask<>+16(SB)/8, $0xffffffffffffffff
DATA lumask<>+24(SB)/8, $0xffffffffffffffff
DATA lumask<>+32(SB)/8, $0
DATA lumask<>+40(SB)/8, $0xffffffffffffffff
DATA lumask<>+48(SB)/8, $0xffffffffffffffff
DATA lumask<>+56(SB)/8, $0xffffffffffffffff
DATA lumask<>+64(SB)/8, $0
DATA lumask<>+72(SB)/8, $0
DATA lumask<>+80(SB)/8, $0xffffffffffffffff
DATA lumask<>+88(SB)/8, $0xffffffffffffffff
DATA lumask<>+96(SB)/8, $0
DATA lumask<>+104(SB)/8, $0
DATA lumask<>+112(SB)/8, $0
DATA lumask<>+120(SB)/8, $0xffffffffffffffff
GLOBL lumask<>(SB), RODATA|NOPTR, $128

// func getrfRightAVX2(n int, a *float64, lda int, piv *float64) bool
// The elimination of getrfRight64Generic, n a positive multiple of 4. Step k: check the
// pivot found (X5 its magnitude, R9 its row), record it, swap the rows whole, then for each
// row i > k form its multiplier l = a[i,k]/a[k,k] (as a product with the reciprocal) and
// subtract l times the pivot row from its columns c0..n, c0 = (k+1) rounded down to a
// multiple of 4, with the pivot row's first block masked to zero up to column k (Y8), so
// that the columns left of k+1 are left as they were; the multiplier is then stored in
// column k, and |a[i,k+1]| enters the search for the next pivot.
//
// Registers: AX a, BX row stride in bytes, DX n, DI n*8, R8 k, R9 pivot row, R10 i,
// R11 &a[i,0], R12 &a[k,0], R13 first-row flag, R14 (k+1)*8, R15 piv, SI c0, X5 pivot
// magnitude, X6 1/a[k,k], X13 +Inf, X14 0, X15 |x| mask.
TEXT ·getrfRightAVX2(SB), NOSPLIT, $0-33
	MOVQ n+0(FP), DX
	MOVQ a+8(FP), AX
	MOVQ lda+16(FP), BX
	SHLQ $3, BX
	MOVQ piv+24(FP), R15
	MOVQ DX, DI
	SHLQ $3, DI
	MOVSD lucon<>+0(SB), X15
	MOVSD lucon<>+8(SB), X13
	XORPD X14, X14
	// pivot of column 0
	XORQ R9, R9
	MOVSD (AX), X5
	ANDPD X15, X5
	MOVQ $1, R10
	MOVQ AX, R11
	ADDQ BX, R11
search0:
	CMPQ R10, DX
	JGE  steps
	MOVSD (R11), X4
	ANDPD X15, X4
	UCOMISD X5, X4
	JBE  next0                    // not larger (or NaN)
	MOVQ R10, R9
	MOVAPD X4, X5
next0:
	INCQ R10
	ADDQ BX, R11
	JMP  search0
steps:
	XORQ R8, R8
step:
	CVTSQ2SD R9, X0
	MOVSD X0, (R15)(R8*8)
	UCOMISD X14, X5
	JBE  fail                     // zero or NaN pivot
	UCOMISD X13, X5
	JAE  fail                     // infinite pivot
	MOVQ R8, R12
	IMULQ BX, R12
	ADDQ AX, R12
	CMPQ R9, R8
	JEQ  swapped
	MOVQ R9, R11
	IMULQ BX, R11
	ADDQ AX, R11
	XORQ CX, CX
swap:
	VMOVUPD (R12)(CX*1), Y0
	VMOVUPD (R11)(CX*1), Y1
	VMOVUPD Y1, (R12)(CX*1)
	VMOVUPD Y0, (R11)(CX*1)
	ADDQ $32, CX
	CMPQ CX, DI
	JLT  swap
swapped:
	LEAQ 1(R8), R10
	CMPQ R10, DX
	JGE  done
	MOVSD lucon<>+16(SB), X6
	DIVSD (R12)(R8*8), X6
	MOVQ R10, SI
	ANDQ $-4, SI
	MOVQ R10, CX
	ANDQ $3, CX
	SHLQ $5, CX
	LEAQ lumask<>(SB), R13
	VMOVUPD (R13)(CX*1), Y7
	VANDPD (R12)(SI*8), Y7, Y8    // the pivot row's block at c0, zero up to column k
	MOVQ R10, R14
	SHLQ $3, R14
	MOVQ R12, R11
	ADDQ BX, R11
	MOVQ $1, R13
row:
	MOVSD (R11)(R8*8), X1
	MULSD X6, X1                  // l
	VBROADCASTSD X1, Y1
	VMOVUPD (R11)(SI*8), Y2
	VFNMADD231PD Y8, Y1, Y2
	VMOVUPD Y2, (R11)(SI*8)
	MOVSD X1, (R11)(R8*8)
	LEAQ 4(SI), CX
cols:
	CMPQ CX, DX
	JGE  searched
	VMOVUPD (R11)(CX*8), Y3
	VFNMADD231PD (R12)(CX*8), Y1, Y3
	VMOVUPD Y3, (R11)(CX*8)
	ADDQ $4, CX
	JMP  cols
searched:
	MOVSD (R11)(R14*1), X4
	ANDPD X15, X4
	TESTQ R13, R13
	JNZ  take
	UCOMISD X5, X4
	JBE  nextrow                  // not larger (or NaN)
take:
	MOVQ R10, R9
	MOVAPD X4, X5
	XORQ R13, R13
nextrow:
	INCQ R10
	ADDQ BX, R11
	CMPQ R10, DX
	JLT  row
	INCQ R8
	JMP  step
done:
	VZEROUPPER
	MOVB $1, ret+32(FP)
	RET
fail:
	VZEROUPPER
	MOVB $0, ret+32(FP)
	RET

// func getrfRight2AVX2(n int, a *float64, lda int, piv *float64) bool
// The elimination of getrfRight64Generic, n a positive multiple of 4, two steps at a time
// with the first's rank-one update of the columns right of k+1 delayed and merged with the
// second's. Steps k, k+1 (k even): A, the pivot of column k checked, recorded, rows
// swapped, and for every row i > k its multiplier l0 stored and column k+1 updated
// (a[i,k+1] −= l0·a[k,k+1], in scalar) while the pivot of column k+1 is searched; B, that
// pivot checked, recorded, rows swapped (whole rows: the multipliers move with them), and
// row k+1's columns right of k+1 updated by step k; C, for every row i > k+1 its
// multiplier l1 = a[i,k+1]/a[k+1,k+1] and the update of its columns right of k+1 by both
// pivot rows in one pass (a[i,c] −= l0·a[k,c], then −= l1·a[k+1,c]: the two rank-one
// updates in their order), from the first four-column block past column k+1 with both
// pivot rows masked to zero up to column k+1 there (Y8, Y9), while the pivot of column k+2
// is searched.
//
// Registers: AX a, BX row stride in bytes, DX n, DI &a[k+1,0], R8 k, R9 pivot row,
// R10 i, R11 &a[i,0], R12 &a[k,0], R13 first-row flag (or n*8 in a swap), R14 (k+2)*8,
// R15 piv, SI c0, X5 pivot magnitude, X6 1/pivot, X10 a[k,k+1], X13 +Inf, X14 0,
// X15 |x| mask.
TEXT ·getrfRight2AVX2(SB), NOSPLIT, $0-33
	MOVQ n+0(FP), DX
	MOVQ a+8(FP), AX
	MOVQ lda+16(FP), BX
	SHLQ $3, BX
	MOVQ piv+24(FP), R15
	MOVSD lucon<>+0(SB), X15
	MOVSD lucon<>+8(SB), X13
	XORPD X14, X14
	// pivot of column 0
	XORQ R9, R9
	MOVSD (AX), X5
	ANDPD X15, X5
	MOVQ $1, R10
	MOVQ AX, R11
	ADDQ BX, R11
s2search0:
	CMPQ R10, DX
	JGE  s2steps
	MOVSD (R11), X4
	ANDPD X15, X4
	UCOMISD X5, X4
	JBE  s2next0
	MOVQ R10, R9
	MOVAPD X4, X5
s2next0:
	INCQ R10
	ADDQ BX, R11
	JMP  s2search0
s2steps:
	XORQ R8, R8
s2pair:
	// A: step k
	CVTSQ2SD R9, X0
	MOVSD X0, (R15)(R8*8)
	UCOMISD X14, X5
	JBE  s2fail
	UCOMISD X13, X5
	JAE  s2fail
	MOVQ R8, R12
	IMULQ BX, R12
	ADDQ AX, R12
	MOVQ R12, DI
	ADDQ BX, DI
	CMPQ R9, R8
	JEQ  s2swappedA
	MOVQ R9, R11
	IMULQ BX, R11
	ADDQ AX, R11
	MOVQ DX, R13
	SHLQ $3, R13
	XORQ CX, CX
s2swapA:
	VMOVUPD (R12)(CX*1), Y0
	VMOVUPD (R11)(CX*1), Y1
	VMOVUPD Y1, (R12)(CX*1)
	VMOVUPD Y0, (R11)(CX*1)
	ADDQ $32, CX
	CMPQ CX, R13
	JLT  s2swapA
s2swappedA:
	MOVSD lucon<>+16(SB), X6
	DIVSD (R12)(R8*8), X6
	MOVSD 8(R12)(R8*8), X10
	LEAQ 1(R8), R10
	MOVQ DI, R11
	MOVQ $1, R13
s2rowA:
	MOVSD (R11)(R8*8), X1
	MULSD X6, X1
	MOVSD X1, (R11)(R8*8)
	MOVSD 8(R11)(R8*8), X2
	VFNMADD231SD X1, X10, X2
	MOVSD X2, 8(R11)(R8*8)
	MOVAPD X2, X4
	ANDPD X15, X4
	TESTQ R13, R13
	JNZ  s2takeA
	UCOMISD X5, X4
	JBE  s2nextA
s2takeA:
	MOVQ R10, R9
	MOVAPD X4, X5
	XORQ R13, R13
s2nextA:
	INCQ R10
	ADDQ BX, R11
	CMPQ R10, DX
	JLT  s2rowA
	// B: step k+1
	LEAQ 1(R8), CX
	CVTSQ2SD R9, X0
	MOVSD X0, (R15)(CX*8)
	UCOMISD X14, X5
	JBE  s2fail
	UCOMISD X13, X5
	JAE  s2fail
	CMPQ R9, CX
	JEQ  s2swappedB
	MOVQ R9, R11
	IMULQ BX, R11
	ADDQ AX, R11
	MOVQ DX, R13
	SHLQ $3, R13
	XORQ CX, CX
s2swapB:
	VMOVUPD (DI)(CX*1), Y0
	VMOVUPD (R11)(CX*1), Y1
	VMOVUPD Y1, (DI)(CX*1)
	VMOVUPD Y0, (R11)(CX*1)
	ADDQ $32, CX
	CMPQ CX, R13
	JLT  s2swapB
s2swappedB:
	LEAQ 2(R8), R10
	CMPQ R10, DX
	JGE  s2done
	MOVSD lucon<>+16(SB), X6
	DIVSD 8(DI)(R8*8), X6         // 1/a[k+1,k+1]
	// c0 = k+2 rounded down to a multiple of 4; the masks zero columns c0..k+1
	MOVQ R10, SI
	ANDQ $-4, SI
	MOVQ R10, CX
	ANDQ $3, CX
	SHLQ $5, CX
	LEAQ lumask<>(SB), R13
	VMOVUPD (R13)(CX*1), Y7
	VANDPD (R12)(SI*8), Y7, Y8    // row k's block at c0
	// row k+1 right of column k+1: −= l0·row k
	VBROADCASTSD (DI)(R8*8), Y1
	VMOVUPD (DI)(SI*8), Y3
	VFNMADD231PD Y8, Y1, Y3
	VMOVUPD Y3, (DI)(SI*8)
	LEAQ 4(SI), CX
	CMPQ CX, DX
	JGE  s2rowk1
s2colsB:
	VMOVUPD (DI)(CX*8), Y3
	VFNMADD231PD (R12)(CX*8), Y1, Y3
	VMOVUPD Y3, (DI)(CX*8)
	ADDQ $4, CX
	CMPQ CX, DX
	JLT  s2colsB
s2rowk1:
	VANDPD (DI)(SI*8), Y7, Y9     // row k+1's block at c0
	// C: rows k+2..n−1
	MOVQ R10, R14
	SHLQ $3, R14
	MOVQ DI, R11
	ADDQ BX, R11
	MOVQ $1, R13
s2rowC:
	MOVSD 8(R11)(R8*8), X2
	MULSD X6, X2                  // l1
	VBROADCASTSD (R11)(R8*8), Y1  // l0
	VBROADCASTSD X2, Y2
	VMOVUPD (R11)(SI*8), Y3
	VFNMADD231PD Y8, Y1, Y3
	VFNMADD231PD Y9, Y2, Y3
	VMOVUPD Y3, (R11)(SI*8)
	MOVSD X2, 8(R11)(R8*8)
	LEAQ 4(SI), CX
	CMPQ CX, DX
	JGE  s2searchC
s2colsC:
	VMOVUPD (R11)(CX*8), Y3
	VFNMADD231PD (R12)(CX*8), Y1, Y3
	VFNMADD231PD (DI)(CX*8), Y2, Y3
	VMOVUPD Y3, (R11)(CX*8)
	ADDQ $4, CX
	CMPQ CX, DX
	JLT  s2colsC
s2searchC:
	MOVSD (R11)(R14*1), X4
	ANDPD X15, X4
	TESTQ R13, R13
	JNZ  s2takeC
	UCOMISD X5, X4
	JBE  s2nextC
s2takeC:
	MOVQ R10, R9
	MOVAPD X4, X5
	XORQ R13, R13
s2nextC:
	INCQ R10
	ADDQ BX, R11
	CMPQ R10, DX
	JLT  s2rowC
	ADDQ $2, R8
	JMP  s2pair
s2done:
	VZEROUPPER
	MOVB $1, ret+32(FP)
	RET
s2fail:
	VZEROUPPER
	MOVB $0, ret+32(FP)
	RET
