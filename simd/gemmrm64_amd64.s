//go:build !purego && !noasm

#include "textflag.h"

// func gemmRM64AVX2(m, n, k int, alpha float64, a *float64, lda int, b *float64, ldb int, c *float64, ldc int, tri int)
// Blocks of C of 4 rows (i0) by 8 columns (j0), with tri's bit 2 only those that reach the
// lower triangle (j0 ≤ i0+3): for p from p0 (max(i0, j0) with tri's bit 1, else 0) to k, the row of B at p (two vectors) times each of the four rows' A[i,p] broadcast,
// into eight accumulators; then C += alpha·sums. Registers: R8 a, R9 lda in bytes, R10 b,
// R11 ldb in bytes, R12 c, R13 ldc in bytes, R14 i0, R15 j0; AX, BX, CX, DI the four rows
// of A at p, SI the row of B at p (column j0), DX the count of p.
TEXT ·gemmRM64AVX2(SB), NOSPLIT, $0-88
	MOVQ a+32(FP), R8
	MOVQ lda+40(FP), R9
	SHLQ $3, R9
	MOVQ b+48(FP), R10
	MOVQ ldb+56(FP), R11
	SHLQ $3, R11
	MOVQ c+64(FP), R12
	MOVQ ldc+72(FP), R13
	SHLQ $3, R13
	VBROADCASTSD alpha+24(FP), Y15
	XORQ R14, R14
rows:
	XORQ R15, R15
cols:
	// lower (flag 2): no block entirely right of the diagonal
	MOVQ tri+80(FP), DX
	TESTQ $2, DX
	JZ   colsp0
	LEAQ 3(R14), DX
	CMPQ R15, DX
	JGT  nextrow
colsp0:
	// p0
	XORQ DX, DX
	TESTQ $1, tri+80(FP)
	JEQ  start
	MOVQ R14, DX
	CMPQ R15, DX
	CMOVQGT R15, DX
start:
	// SI = &b[p0, j0]
	MOVQ DX, SI
	IMULQ R11, SI
	ADDQ R10, SI
	LEAQ (SI)(R15*8), SI
	// AX..DI = &a[i0+q, p0]
	MOVQ R14, AX
	IMULQ R9, AX
	ADDQ R8, AX
	LEAQ (AX)(DX*8), AX
	LEAQ (AX)(R9*1), BX
	LEAQ (BX)(R9*1), CX
	LEAQ (CX)(R9*1), DI
	// count k − p0
	NEGQ DX
	ADDQ k+16(FP), DX
	VXORPD Y0, Y0, Y0
	VXORPD Y1, Y1, Y1
	VXORPD Y2, Y2, Y2
	VXORPD Y3, Y3, Y3
	VXORPD Y4, Y4, Y4
	VXORPD Y5, Y5, Y5
	VXORPD Y6, Y6, Y6
	VXORPD Y7, Y7, Y7
	TESTQ DX, DX
	JLE  store
inner:
	VMOVUPD (SI), Y8
	VMOVUPD 32(SI), Y9
	VBROADCASTSD (AX), Y10
	VFMADD231PD Y8, Y10, Y0
	VFMADD231PD Y9, Y10, Y1
	VBROADCASTSD (BX), Y11
	VFMADD231PD Y8, Y11, Y2
	VFMADD231PD Y9, Y11, Y3
	VBROADCASTSD (CX), Y12
	VFMADD231PD Y8, Y12, Y4
	VFMADD231PD Y9, Y12, Y5
	VBROADCASTSD (DI), Y13
	VFMADD231PD Y8, Y13, Y6
	VFMADD231PD Y9, Y13, Y7
	ADDQ $8, AX
	ADDQ $8, BX
	ADDQ $8, CX
	ADDQ $8, DI
	ADDQ R11, SI
	DECQ DX
	JNZ  inner
store:
	// C[i0+q, j0:j0+8] += alpha·sums
	MOVQ R14, AX
	IMULQ R13, AX
	ADDQ R12, AX
	LEAQ (AX)(R15*8), AX
	VMOVUPD (AX), Y8
	VMOVUPD 32(AX), Y9
	VFMADD231PD Y15, Y0, Y8
	VFMADD231PD Y15, Y1, Y9
	VMOVUPD Y8, (AX)
	VMOVUPD Y9, 32(AX)
	ADDQ R13, AX
	VMOVUPD (AX), Y8
	VMOVUPD 32(AX), Y9
	VFMADD231PD Y15, Y2, Y8
	VFMADD231PD Y15, Y3, Y9
	VMOVUPD Y8, (AX)
	VMOVUPD Y9, 32(AX)
	ADDQ R13, AX
	VMOVUPD (AX), Y8
	VMOVUPD 32(AX), Y9
	VFMADD231PD Y15, Y4, Y8
	VFMADD231PD Y15, Y5, Y9
	VMOVUPD Y8, (AX)
	VMOVUPD Y9, 32(AX)
	ADDQ R13, AX
	VMOVUPD (AX), Y8
	VMOVUPD 32(AX), Y9
	VFMADD231PD Y15, Y6, Y8
	VFMADD231PD Y15, Y7, Y9
	VMOVUPD Y8, (AX)
	VMOVUPD Y9, 32(AX)
	ADDQ $8, R15
	CMPQ R15, n+8(FP)
	JLT  cols
nextrow:
	ADDQ $4, R14
	CMPQ R14, m+0(FP)
	JLT  rows
	VZEROUPPER
	RET

// func gemmRMTN64AVX2(m, n, k int, alpha float64, a *float64, lda int, b *float64, ldb int, c *float64, ldc int, tri int)
// gemmRM64AVX2 with A given transposed (aᵀ row-major, k×m): blocks of C of 4 rows (i0) by 8 columns (j0): for p from p0 (max(i0, j0) with tri, else
// 0) to k, the row of B at p (two vectors) times each of the four rows' A[i,p] broadcast,
// into eight accumulators; then C += alpha·sums. Registers: R8 a, R9 lda in bytes, R10 b,
// R11 ldb in bytes, R12 c, R13 ldc in bytes, R14 i0, R15 j0; AX, BX, CX, DI the four rows
// of A at p, SI the row of B at p (column j0), DX the count of p.
TEXT ·gemmRMTN64AVX2(SB), NOSPLIT, $0-88
	MOVQ a+32(FP), R8
	MOVQ lda+40(FP), R9
	SHLQ $3, R9
	MOVQ b+48(FP), R10
	MOVQ ldb+56(FP), R11
	SHLQ $3, R11
	MOVQ c+64(FP), R12
	MOVQ ldc+72(FP), R13
	SHLQ $3, R13
	VBROADCASTSD alpha+24(FP), Y15
	XORQ R14, R14
tnrows:
	XORQ R15, R15
tncols:
	// lower (flag 2): no block entirely right of the diagonal
	MOVQ tri+80(FP), DX
	TESTQ $2, DX
	JZ   tncolsp0
	LEAQ 3(R14), DX
	CMPQ R15, DX
	JGT  tnnextrow
tncolsp0:
	// p0
	XORQ DX, DX
	TESTQ $1, tri+80(FP)
	JEQ  tnstart
	MOVQ R14, DX
	CMPQ R15, DX
	CMOVQGT R15, DX
tnstart:
	// lower (flag 2) with the block's first row on the diagonal (i0 = j0): its right half is
	// above it, and only the left four columns are formed
	MOVQ tri+80(FP), AX
	TESTQ $2, AX
	JZ   tnfull
	CMPQ R15, R14
	JEQ  tnhalf
tnfull:
	// SI = &b[p0, j0]
	MOVQ DX, SI
	IMULQ R11, SI
	ADDQ R10, SI
	LEAQ (SI)(R15*8), SI
	// AX = &aᵀ[p0, i0]: A's four rows at p are four consecutive values of aᵀ's row p
	MOVQ DX, AX
	IMULQ R9, AX
	ADDQ R8, AX
	LEAQ (AX)(R14*8), AX
	// count k − p0
	NEGQ DX
	ADDQ k+16(FP), DX
	VXORPD Y0, Y0, Y0
	VXORPD Y1, Y1, Y1
	VXORPD Y2, Y2, Y2
	VXORPD Y3, Y3, Y3
	VXORPD Y4, Y4, Y4
	VXORPD Y5, Y5, Y5
	VXORPD Y6, Y6, Y6
	VXORPD Y7, Y7, Y7
	TESTQ DX, DX
	JLE  tnstore
tninner:
	VMOVUPD (SI), Y8
	VMOVUPD 32(SI), Y9
	VBROADCASTSD (AX), Y10
	VFMADD231PD Y8, Y10, Y0
	VFMADD231PD Y9, Y10, Y1
	VBROADCASTSD 8(AX), Y11
	VFMADD231PD Y8, Y11, Y2
	VFMADD231PD Y9, Y11, Y3
	VBROADCASTSD 16(AX), Y12
	VFMADD231PD Y8, Y12, Y4
	VFMADD231PD Y9, Y12, Y5
	VBROADCASTSD 24(AX), Y13
	VFMADD231PD Y8, Y13, Y6
	VFMADD231PD Y9, Y13, Y7
	ADDQ R9, AX
	ADDQ R11, SI
	DECQ DX
	JNZ  tninner
tnstore:
	// C[i0+q, j0:j0+8] += alpha·sums
	MOVQ R14, AX
	IMULQ R13, AX
	ADDQ R12, AX
	LEAQ (AX)(R15*8), AX
	VMOVUPD (AX), Y8
	VMOVUPD 32(AX), Y9
	VFMADD231PD Y15, Y0, Y8
	VFMADD231PD Y15, Y1, Y9
	VMOVUPD Y8, (AX)
	VMOVUPD Y9, 32(AX)
	ADDQ R13, AX
	VMOVUPD (AX), Y8
	VMOVUPD 32(AX), Y9
	VFMADD231PD Y15, Y2, Y8
	VFMADD231PD Y15, Y3, Y9
	VMOVUPD Y8, (AX)
	VMOVUPD Y9, 32(AX)
	ADDQ R13, AX
	VMOVUPD (AX), Y8
	VMOVUPD 32(AX), Y9
	VFMADD231PD Y15, Y4, Y8
	VFMADD231PD Y15, Y5, Y9
	VMOVUPD Y8, (AX)
	VMOVUPD Y9, 32(AX)
	ADDQ R13, AX
	VMOVUPD (AX), Y8
	VMOVUPD 32(AX), Y9
	VFMADD231PD Y15, Y6, Y8
	VFMADD231PD Y15, Y7, Y9
	VMOVUPD Y8, (AX)
	VMOVUPD Y9, 32(AX)
	ADDQ $8, R15
	CMPQ R15, n+8(FP)
	JLT  tncols
tnnextrow:
	ADDQ $4, R14
	CMPQ R14, m+0(FP)
	JLT  tnrows
	VZEROUPPER
	RET

tnhalf:
	// the 4×4 block C[i0:i0+4, j0:j0+4] (i0 = j0, p0 in DX): one vector of B per p
	MOVQ DX, SI
	IMULQ R11, SI
	ADDQ R10, SI
	LEAQ (SI)(R15*8), SI
	MOVQ DX, AX
	IMULQ R9, AX
	ADDQ R8, AX
	LEAQ (AX)(R14*8), AX
	NEGQ DX
	ADDQ k+16(FP), DX
	VXORPD Y0, Y0, Y0
	VXORPD Y2, Y2, Y2
	VXORPD Y4, Y4, Y4
	VXORPD Y6, Y6, Y6
	TESTQ DX, DX
	JLE  tnhstore
tnhinner:
	VMOVUPD (SI), Y8
	VBROADCASTSD (AX), Y10
	VFMADD231PD Y8, Y10, Y0
	VBROADCASTSD 8(AX), Y11
	VFMADD231PD Y8, Y11, Y2
	VBROADCASTSD 16(AX), Y12
	VFMADD231PD Y8, Y12, Y4
	VBROADCASTSD 24(AX), Y13
	VFMADD231PD Y8, Y13, Y6
	ADDQ R9, AX
	ADDQ R11, SI
	DECQ DX
	JNZ  tnhinner
tnhstore:
	MOVQ R14, AX
	IMULQ R13, AX
	ADDQ R12, AX
	LEAQ (AX)(R15*8), AX
	VMOVUPD (AX), Y8
	VFMADD231PD Y15, Y0, Y8
	VMOVUPD Y8, (AX)
	ADDQ R13, AX
	VMOVUPD (AX), Y8
	VFMADD231PD Y15, Y2, Y8
	VMOVUPD Y8, (AX)
	ADDQ R13, AX
	VMOVUPD (AX), Y8
	VFMADD231PD Y15, Y4, Y8
	VMOVUPD Y8, (AX)
	ADDQ R13, AX
	VMOVUPD (AX), Y8
	VFMADD231PD Y15, Y6, Y8
	VMOVUPD Y8, (AX)
	JMP  tnnextrow
