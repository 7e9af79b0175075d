//go:build !purego && !noasm

#include "textflag.h"

// Batch-of-four float64 kernels (see batch4.go for the packed layout). One YMM register
// holds one matrix entry of the four problems; nothing crosses lanes.

// func potrfBatch4AVX2(a, inv *float64, n, k0, rows int) int
//
// Cholesky–Crout by column pairs (j, j+1), n even. For each pair the rows i = j, j+4, …
// below it are taken four at a time: eight accumulators (four rows × the two columns)
// start from T and collect the prefix products (added) and the products with the
// columns already factored (subtracted), then the 2×2 diagonal block is factored (first
// block only) and the four rows are solved against it. The block at i = j+4m can run
// past rows; those rows are scratch (Batch4Len).
//
// Registers: DI a, SI inv, R8 32·k0, R9 scratch, R10 32·(k0+j) (column j's byte offset in
// every row), R11 j, R12 i, BX row j, CX row j+1, R13 R14 R15 DX rows i..i+3, AX k.
// Y0 Y1 columns j, j+1 at k; Y2 row at k; Y3..Y10 accumulators (row r, column c in
// Y(3+2r+c)); Y11 ones; Y12 1/L[j][j]; Y13 1/L[j+1][j+1]; Y14 L[j+1][j]; Y15 lanes still
// positive definite.
TEXT ·potrfBatch4AVX2(SB), NOSPLIT, $0-48
	MOVQ a+0(FP), DI
	MOVQ inv+8(FP), SI
	MOVQ k0+24(FP), R8
	SHLQ $5, R8
	MOVQ $0x3ff0000000000000, AX
	MOVQ AX, X11
	VBROADCASTSD X11, Y11
	VPCMPEQQ Y15, Y15, Y15
	XORQ R11, R11

pair:
	CMPQ R11, n+16(FP)
	JGE  done

	// R13 = row j: DI + 32·(j·k0 + j(j+1)/2)
	MOVQ  R11, R13
	IMULQ k0+24(FP), R13
	MOVQ  R11, R9
	INCQ  R9
	IMULQ R11, R9
	SHRQ  $1, R9
	ADDQ  R9, R13
	SHLQ  $5, R13
	ADDQ  DI, R13
	MOVQ  R13, BX
	MOVQ  R11, R9
	INCQ  R9
	SHLQ  $5, R9
	ADDQ  R8, R9
	LEAQ  (BX)(R9*1), CX
	MOVQ  R11, R10
	SHLQ  $5, R10
	ADDQ  R8, R10
	MOVQ  R11, R12

block:
	// rows i+1..i+3 follow row i at strides 32·(k0+i+1), +32, +32 more
	MOVQ R12, R9
	INCQ R9
	SHLQ $5, R9
	ADDQ R8, R9
	LEAQ (R13)(R9*1), R14
	ADDQ $32, R9
	LEAQ (R14)(R9*1), R15
	ADDQ $32, R9
	LEAQ (R15)(R9*1), DX

	VMOVUPD (R13)(R10*1), Y3
	VMOVUPD 32(R13)(R10*1), Y4
	VMOVUPD (R14)(R10*1), Y5
	VMOVUPD 32(R14)(R10*1), Y6
	VMOVUPD (R15)(R10*1), Y7
	VMOVUPD 32(R15)(R10*1), Y8
	VMOVUPD (DX)(R10*1), Y9
	VMOVUPD 32(DX)(R10*1), Y10

	XORQ AX, AX
	CMPQ AX, R8
	JGE  prefixdone

prefix:
	VMOVUPD     (BX)(AX*1), Y0
	VMOVUPD     (CX)(AX*1), Y1
	VMOVUPD     (R13)(AX*1), Y2
	VFMADD231PD Y0, Y2, Y3
	VFMADD231PD Y1, Y2, Y4
	VMOVUPD     (R14)(AX*1), Y2
	VFMADD231PD Y0, Y2, Y5
	VFMADD231PD Y1, Y2, Y6
	VMOVUPD     (R15)(AX*1), Y2
	VFMADD231PD Y0, Y2, Y7
	VFMADD231PD Y1, Y2, Y8
	VMOVUPD     (DX)(AX*1), Y2
	VFMADD231PD Y0, Y2, Y9
	VFMADD231PD Y1, Y2, Y10
	ADDQ        $32, AX
	CMPQ        AX, R8
	JLT         prefix

prefixdone:
	CMPQ AX, R10
	JGE  sumsdone

tri:
	VMOVUPD      (BX)(AX*1), Y0
	VMOVUPD      (CX)(AX*1), Y1
	VMOVUPD      (R13)(AX*1), Y2
	VFNMADD231PD Y0, Y2, Y3
	VFNMADD231PD Y1, Y2, Y4
	VMOVUPD      (R14)(AX*1), Y2
	VFNMADD231PD Y0, Y2, Y5
	VFNMADD231PD Y1, Y2, Y6
	VMOVUPD      (R15)(AX*1), Y2
	VFNMADD231PD Y0, Y2, Y7
	VFNMADD231PD Y1, Y2, Y8
	VMOVUPD      (DX)(AX*1), Y2
	VFNMADD231PD Y0, Y2, Y9
	VFNMADD231PD Y1, Y2, Y10
	ADDQ         $32, AX
	CMPQ         AX, R10
	JLT          tri

sumsdone:
	CMPQ R12, R11
	JNE  solve01

	// diagonal block: Y3 = A[j][j], Y5 = A[j+1][j], Y6 = A[j+1][j+1] (Y4 is unused)
	VXORPD       Y0, Y0, Y0
	VCMPPD       $0x1e, Y0, Y3, Y1 // A[j][j] > 0
	VANDPD       Y1, Y15, Y15
	VSQRTPD      Y3, Y3
	VDIVPD       Y3, Y11, Y12
	VMULPD       Y12, Y5, Y14
	VFNMADD231PD Y14, Y14, Y6
	VCMPPD       $0x1e, Y0, Y6, Y1 // Schur complement > 0
	VANDPD       Y1, Y15, Y15
	VSQRTPD      Y6, Y6
	VDIVPD       Y6, Y11, Y13
	VMOVUPD      Y3, (R13)(R10*1)
	VMOVUPD      Y14, (R14)(R10*1)
	VMOVUPD      Y6, 32(R14)(R10*1)
	MOVQ         R11, R9
	SHLQ         $5, R9
	VMOVUPD      Y12, (SI)(R9*1)
	VMOVUPD      Y13, 32(SI)(R9*1)
	JMP          solve23

solve01:
	VMULPD       Y12, Y3, Y3
	VFNMADD231PD Y14, Y3, Y4
	VMULPD       Y13, Y4, Y4
	VMOVUPD      Y3, (R13)(R10*1)
	VMOVUPD      Y4, 32(R13)(R10*1)
	VMULPD       Y12, Y5, Y5
	VFNMADD231PD Y14, Y5, Y6
	VMULPD       Y13, Y6, Y6
	VMOVUPD      Y5, (R14)(R10*1)
	VMOVUPD      Y6, 32(R14)(R10*1)

solve23:
	VMULPD       Y12, Y7, Y7
	VFNMADD231PD Y14, Y7, Y8
	VMULPD       Y13, Y8, Y8
	VMOVUPD      Y7, (R15)(R10*1)
	VMOVUPD      Y8, 32(R15)(R10*1)
	VMULPD       Y12, Y9, Y9
	VFNMADD231PD Y14, Y9, Y10
	VMULPD       Y13, Y10, Y10
	VMOVUPD      Y9, (DX)(R10*1)
	VMOVUPD      Y10, 32(DX)(R10*1)

	// next block: row i+4 = row i+3 + 32·(k0+i+4)
	ADDQ $4, R12
	MOVQ R12, R9
	SHLQ $5, R9
	ADDQ R8, R9
	LEAQ (DX)(R9*1), R13
	CMPQ R12, rows+32(FP)
	JLT  block

	ADDQ $2, R11
	JMP  pair

done:
	VMOVMSKPD Y15, AX
	MOVQ      AX, ret+40(FP)
	VZEROUPPER
	RET

// func trsvTBatch4AVX2(a, inv *float64, n, k0 int, x *float64)
//
// Back substitution by rows of L from the last. The n mod 4 last rows one at a time:
// x[i] ← x[i]/L[i][i], then x[c] −= L[i][c]·x[i] for c < i. Then blocks of four rows
// i, i−1, i−2, i−3: their 4×4 diagonal block first, then every x[c], c < i−3, takes the
// four products in the same order (one load and store of x[c] for four FMAs).
// Registers: DI row i's triangle, R12..R15 rows i..i−3, SI inv, BX x, CX i, R8 k0,
// R9 32·i, AX c (bytes), R10 R11 loop ends.
TEXT ·trsvTBatch4AVX2(SB), NOSPLIT, $0-40
	MOVQ  n+16(FP), CX
	TESTQ CX, CX
	JLE   tdone
	MOVQ  a+0(FP), DI
	MOVQ  inv+8(FP), SI
	MOVQ  x+32(FP), BX
	MOVQ  k0+24(FP), R8
	DECQ  CX

	// DI = row n−1's triangle: a + 32·((n−1)·k0 + (n−1)n/2 + k0)
	MOVQ  CX, R9
	IMULQ R8, R9
	MOVQ  CX, R10
	INCQ  R10
	IMULQ CX, R10
	SHRQ  $1, R10
	ADDQ  R10, R9
	ADDQ  R8, R9
	SHLQ  $5, R9
	ADDQ  R9, DI

tsingle:
	MOVQ  CX, AX
	INCQ  AX
	TESTQ $3, AX
	JZ    tblocks
	MOVQ  CX, R9
	SHLQ  $5, R9
	VMOVUPD (BX)(R9*1), Y0
	VMULPD  (SI)(R9*1), Y0, Y0
	VMOVUPD Y0, (BX)(R9*1)
	XORQ    AX, AX
	CMPQ    AX, R9
	JGE     tsnext

tsloop:
	VMOVUPD      (BX)(AX*1), Y1
	VFNMADD231PD (DI)(AX*1), Y0, Y1
	VMOVUPD      Y1, (BX)(AX*1)
	ADDQ         $32, AX
	CMPQ         AX, R9
	JLT          tsloop

tsnext:
	// row i−1's triangle begins 32·(k0+i) before row i's
	MOVQ CX, R10
	ADDQ R8, R10
	SHLQ $5, R10
	SUBQ R10, DI
	DECQ CX
	JMP  tsingle

tblocks:
	CMPQ CX, $0
	JL   tdone
	MOVQ CX, R9
	SHLQ $5, R9
	MOVQ DI, R12
	MOVQ CX, R10
	ADDQ R8, R10
	SHLQ $5, R10
	MOVQ R12, R13
	SUBQ R10, R13
	SUBQ $32, R10
	MOVQ R13, R14
	SUBQ R10, R14
	SUBQ $32, R10
	MOVQ R14, R15
	SUBQ R10, R15

	// the diagonal block
	VMOVUPD      (BX)(R9*1), Y0
	VMULPD       (SI)(R9*1), Y0, Y0
	VMOVUPD      Y0, (BX)(R9*1)
	VMOVUPD      -32(BX)(R9*1), Y1
	VFNMADD231PD -32(R12)(R9*1), Y0, Y1
	VMULPD       -32(SI)(R9*1), Y1, Y1
	VMOVUPD      Y1, -32(BX)(R9*1)
	VMOVUPD      -64(BX)(R9*1), Y2
	VFNMADD231PD -64(R12)(R9*1), Y0, Y2
	VFNMADD231PD -64(R13)(R9*1), Y1, Y2
	VMULPD       -64(SI)(R9*1), Y2, Y2
	VMOVUPD      Y2, -64(BX)(R9*1)
	VMOVUPD      -96(BX)(R9*1), Y3
	VFNMADD231PD -96(R12)(R9*1), Y0, Y3
	VFNMADD231PD -96(R13)(R9*1), Y1, Y3
	VFNMADD231PD -96(R14)(R9*1), Y2, Y3
	VMULPD       -96(SI)(R9*1), Y3, Y3
	VMOVUPD      Y3, -96(BX)(R9*1)

	// x[c] for c < i−3
	MOVQ R9, R11
	SUBQ $96, R11
	XORQ AX, AX
	CMPQ AX, R11
	JGE  tbnext

tbloop:
	VMOVUPD      (BX)(AX*1), Y4
	VFNMADD231PD (R12)(AX*1), Y0, Y4
	VFNMADD231PD (R13)(AX*1), Y1, Y4
	VFNMADD231PD (R14)(AX*1), Y2, Y4
	VFNMADD231PD (R15)(AX*1), Y3, Y4
	VMOVUPD      Y4, (BX)(AX*1)
	ADDQ         $32, AX
	CMPQ         AX, R11
	JLT          tbloop

tbnext:
	// row i−4's triangle begins 32·(k0+i−3) before row i−3's
	SUBQ $32, R10
	MOVQ R15, DI
	SUBQ R10, DI
	SUBQ $4, CX
	JMP  tblocks

tdone:
	VZEROUPPER
	RET

// func symScaleBatch4AVX2(dst, k *float64, ldk int, s *float64, n int, rho float64)
//
// dst(i,c) = (K[i][c]·s[c])·s[i], plus rho on the diagonal, row by row, four entries per
// step while they last.
// Registers: DI dst (running), SI row i of K, DX s, CX i, AX c (bytes of s), R11 c,
// R12 the end of the four-entry steps, R9 8·ldk.
TEXT ·symScaleBatch4AVX2(SB), NOSPLIT, $0-48
	MOVQ         dst+0(FP), DI
	MOVQ         k+8(FP), SI
	MOVQ         ldk+16(FP), R9
	SHLQ         $3, R9
	MOVQ         s+24(FP), DX
	VBROADCASTSD rho+40(FP), Y15
	XORQ         CX, CX

srow:
	CMPQ    CX, n+32(FP)
	JGE     sdone
	MOVQ    CX, R10
	SHLQ    $5, R10
	VMOVUPD (DX)(R10*1), Y14 // s[i]
	XORQ    AX, AX
	XORQ    R11, R11
	LEAQ    1(CX), R12
	ANDQ    $-4, R12

squad:
	CMPQ         R11, R12
	JGE          sone
	VBROADCASTSD (SI)(R11*8), Y0
	VBROADCASTSD 8(SI)(R11*8), Y1
	VBROADCASTSD 16(SI)(R11*8), Y2
	VBROADCASTSD 24(SI)(R11*8), Y3
	VMULPD       (DX)(AX*1), Y0, Y0
	VMULPD       32(DX)(AX*1), Y1, Y1
	VMULPD       64(DX)(AX*1), Y2, Y2
	VMULPD       96(DX)(AX*1), Y3, Y3
	VMULPD       Y14, Y0, Y0
	VMULPD       Y14, Y1, Y1
	VMULPD       Y14, Y2, Y2
	VMULPD       Y14, Y3, Y3
	VMOVUPD      Y0, (DI)
	VMOVUPD      Y1, 32(DI)
	VMOVUPD      Y2, 64(DI)
	VMOVUPD      Y3, 96(DI)
	ADDQ         $128, DI
	ADDQ         $128, AX
	ADDQ         $4, R11
	JMP          squad

sone:
	CMPQ         R11, CX
	JGT          sdiag
	VBROADCASTSD (SI)(R11*8), Y0
	VMULPD       (DX)(AX*1), Y0, Y0
	VMULPD       Y14, Y0, Y0
	VMOVUPD      Y0, (DI)
	ADDQ         $32, DI
	ADDQ         $32, AX
	INCQ         R11
	JMP          sone

sdiag:
	VADDPD  -32(DI), Y15, Y0
	VMOVUPD Y0, -32(DI)
	ADDQ    R9, SI
	INCQ    CX
	JMP     srow

sdone:
	VZEROUPPER
	RET

// func formPrimalBatch4AVX2(dst, h *float64, ldh int, s *float64, m, n int, rho float64)
//
// Rows a < m of a packed matrix with prefix length n: P[a][r] = h[a·ldh+r]·s[r], then
// T[a][c] = 0 for c < a and T[a][a] = rho. The rows are contiguous, so DI just runs.
// Registers: DI dst, SI row a of h, DX s, CX a, AX r, R9 8·ldh.
TEXT ·formPrimalBatch4AVX2(SB), NOSPLIT, $0-56
	MOVQ         dst+0(FP), DI
	MOVQ         h+8(FP), SI
	MOVQ         ldh+16(FP), R9
	SHLQ         $3, R9
	MOVQ         s+24(FP), DX
	MOVQ         n+40(FP), R8
	MOVQ         R8, R10
	ANDQ         $-2, R10
	VBROADCASTSD rho+48(FP), Y15
	VXORPD       Y13, Y13, Y13
	XORQ         CX, CX

frow:
	CMPQ CX, m+32(FP)
	JGE  fdone
	XORQ AX, AX
	MOVQ DX, BX

fpair:
	CMPQ         AX, R10
	JGE          fone
	VBROADCASTSD (SI)(AX*8), Y0
	VBROADCASTSD 8(SI)(AX*8), Y1
	VMULPD       (BX), Y0, Y0
	VMULPD       32(BX), Y1, Y1
	VMOVUPD      Y0, (DI)
	VMOVUPD      Y1, 32(DI)
	ADDQ         $64, DI
	ADDQ         $64, BX
	ADDQ         $2, AX
	JMP          fpair

fone:
	CMPQ         AX, R8
	JGE          ftri
	VBROADCASTSD (SI)(AX*8), Y0
	VMULPD       (BX), Y0, Y0
	VMOVUPD      Y0, (DI)
	ADDQ         $32, DI

ftri:
	XORQ AX, AX

fzero:
	CMPQ    AX, CX
	JGE     fdiag
	VMOVUPD Y13, (DI)
	ADDQ    $32, DI
	INCQ    AX
	JMP     fzero

fdiag:
	VMOVUPD Y15, (DI)
	ADDQ    $32, DI
	ADDQ    R9, SI
	INCQ    CX
	JMP     frow

fdone:
	VZEROUPPER
	RET

// func sqrtBatch4AVX2(x *float64, n int)
//
// x = √x over n vectors of four.
TEXT ·sqrtBatch4AVX2(SB), NOSPLIT, $0-16
	MOVQ x+0(FP), DI
	MOVQ n+8(FP), CX

qloop:
	VSQRTPD (DI), Y0
	VMOVUPD Y0, (DI)
	ADDQ    $32, DI
	DECQ    CX
	JNZ     qloop
	VZEROUPPER
	RET

// func divBatch4AVX2(b, s *float64, n int)
//
// b = b/s where s > 0, else 0, over n vectors of four.
TEXT ·divBatch4AVX2(SB), NOSPLIT, $0-24
	MOVQ   b+0(FP), DI
	MOVQ   s+8(FP), SI
	MOVQ   n+16(FP), CX
	VXORPD Y15, Y15, Y15

dloop:
	VMOVUPD (SI), Y1
	VCMPPD  $0x1e, Y15, Y1, Y2 // s > 0
	VMOVUPD (DI), Y0
	VDIVPD  Y1, Y0, Y0
	VANDPD  Y2, Y0, Y0
	VMOVUPD Y0, (DI)
	ADDQ    $32, DI
	ADDQ    $32, SI
	DECQ    CX
	JNZ     dloop
	VZEROUPPER
	RET

// func storeMulBatch4AVX2(dst *float32, ld int, s, x *float64, n int) bool
//
// dst row r, four columns = float32(s[r]·x[r]); Y15 sums the products times zero.
TEXT ·storeMulBatch4AVX2(SB), NOSPLIT, $0-41
	MOVQ   dst+0(FP), DI
	MOVQ   ld+8(FP), R8
	SHLQ   $2, R8
	MOVQ   s+16(FP), SI
	MOVQ   x+24(FP), DX
	MOVQ   n+32(FP), CX
	VXORPD Y14, Y14, Y14
	VXORPD Y15, Y15, Y15

mloop:
	VMOVUPD     (SI), Y0
	VMULPD      (DX), Y0, Y0
	VFMADD231PD Y14, Y0, Y15
	VCVTPD2PSY  Y0, X1
	VMOVUPS     X1, (DI)
	ADDQ        R8, DI
	ADDQ        $32, SI
	ADDQ        $32, DX
	DECQ        CX
	JNZ         mloop

	VEXTRACTF128 $1, Y15, X1
	VADDPD       X1, X15, X15
	VHADDPD      X15, X15, X15
	VUCOMISD     X14, X15
	SETEQ        AX
	SETPC        BX
	ANDB         BL, AL
	MOVB         AX, ret+40(FP)
	VZEROUPPER
	RET
