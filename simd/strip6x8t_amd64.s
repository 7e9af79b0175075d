//go:build !purego && !noasm

#include "textflag.h"
#include "k6x8_amd64.h"

// STRIP_ROW_TU finishes one row of the block for an upper block-triangular T (its lower left
// 4×4 block zero): s = c + alpha·(A·B) from the row's sums lo, hi (alpha in Y15, c at DI),
// then s·T with T's rows at R10 (Y12–Y14 scratch), stored back into c.
#define STRIP_ROW_TU(lo, hi) \
	VFMADD213PD (DI), Y15, lo; \
	VFMADD213PD 32(DI), Y15, hi; \
	VPERMPD $0x00, lo, Y14; \
	VMULPD (R10), Y14, Y12; \
	VMULPD 32(R10), Y14, Y13; \
	VPERMPD $0x55, lo, Y14; \
	VFMADD231PD 64(R10), Y14, Y12; \
	VFMADD231PD 96(R10), Y14, Y13; \
	VPERMPD $0xAA, lo, Y14; \
	VFMADD231PD 128(R10), Y14, Y12; \
	VFMADD231PD 160(R10), Y14, Y13; \
	VPERMPD $0xFF, lo, Y14; \
	VFMADD231PD 192(R10), Y14, Y12; \
	VFMADD231PD 224(R10), Y14, Y13; \
	VPERMPD $0x00, hi, Y14; \
	VFMADD231PD 288(R10), Y14, Y13; \
	VPERMPD $0x55, hi, Y14; \
	VFMADD231PD 352(R10), Y14, Y13; \
	VPERMPD $0xAA, hi, Y14; \
	VFMADD231PD 416(R10), Y14, Y13; \
	VPERMPD $0xFF, hi, Y14; \
	VFMADD231PD 480(R10), Y14, Y13; \
	VMOVUPD Y12, (DI); \
	VMOVUPD Y13, 32(DI)

// STRIP_ROW_TL is STRIP_ROW_TU for a lower block-triangular T (its upper right 4×4 block zero).
#define STRIP_ROW_TL(lo, hi) \
	VFMADD213PD (DI), Y15, lo; \
	VFMADD213PD 32(DI), Y15, hi; \
	VPERMPD $0x00, lo, Y14; \
	VMULPD (R10), Y14, Y12; \
	VPERMPD $0x55, lo, Y14; \
	VFMADD231PD 64(R10), Y14, Y12; \
	VPERMPD $0xAA, lo, Y14; \
	VFMADD231PD 128(R10), Y14, Y12; \
	VPERMPD $0xFF, lo, Y14; \
	VFMADD231PD 192(R10), Y14, Y12; \
	VPERMPD $0x00, hi, Y14; \
	VFMADD231PD 256(R10), Y14, Y12; \
	VMULPD 288(R10), Y14, Y13; \
	VPERMPD $0x55, hi, Y14; \
	VFMADD231PD 320(R10), Y14, Y12; \
	VFMADD231PD 352(R10), Y14, Y13; \
	VPERMPD $0xAA, hi, Y14; \
	VFMADD231PD 384(R10), Y14, Y12; \
	VFMADD231PD 416(R10), Y14, Y13; \
	VPERMPD $0xFF, hi, Y14; \
	VFMADD231PD 448(R10), Y14, Y12; \
	VFMADD231PD 480(R10), Y14, Y13; \
	VMOVUPD Y12, (DI); \
	VMOVUPD Y13, 32(DI)

// func strip6x8TAVX2(nb, k int, a *float64, ars, aps int, b *float64, brs int, c *float64, ldc int, alpha float64, t *float64, lower bool)
// For each of the nb ≥ 1 blocks of six rows (block q: rows 6q..6q+5 of A and C):
// c[r*ldc+j] ← Σ_q s[r,q]·T[q,j] with s[r,q] = c[r*ldc+q] + alpha·Σ_{p<k} a[r*ars+p*aps]·b[p*brs+q]
// and T[q,j] = t[q*8+j], for j, q < 8; k ≥ 0. T is block triangular in 4×4 blocks: its
// lower left block (q ≥ 4, j < 4) is zero and not read, or with lower its upper right one
// (q < 4, j ≥ 4). The product runs as in gemm64K6x8 (row r of it in Y(2r) and Y(2r+1));
// then row by row s is formed in those two registers, each of its eight values is spread
// over Y14 (VPERMPD) and multiplies row q of T into Y12 and Y13, which are stored over the
// row of c. R14 and R13 hold the block's first rows of a and c, AX counts the blocks.
TEXT ·strip6x8TAVX2(SB), NOSPLIT, $0-89
	MOVQ nb+0(FP), AX
	MOVQ a+16(FP), R14
	MOVQ ars+24(FP), R8
	SHLQ $3, R8                     // row stride of a in bytes
	MOVQ aps+32(FP), R9
	SHLQ $3, R9                     // p stride of a in bytes
	MOVQ brs+48(FP), BX
	SHLQ $3, BX                     // p stride of b in bytes
	MOVQ c+56(FP), R13
	MOVQ ldc+64(FP), R11
	SHLQ $3, R11
	MOVQ t+80(FP), R10
	VBROADCASTSD alpha+72(FP), Y15

block:
	MOVQ k+8(FP), CX
	MOVQ R14, SI
	MOVQ b+40(FP), DX
	MOVQ R13, DI
	LEAQ (SI)(R8*2), R12
	ADDQ R8, R12                    // R12 = row 3 of a
	K6X8_ZERO
	TESTQ CX, CX
	JZ    epilogue
loop:
	K6X8_STEP
	ADDQ R9, SI
	ADDQ R9, R12
	ADDQ BX, DX
	DECQ CX
	JNZ  loop
epilogue:
	CMPB lower+88(FP), $0
	JNE  lowerT
	// T upper: the lower left block is zero
	// row 0: s = c + alpha·(A·B), then s·T
	STRIP_ROW_TU(Y0, Y1)
	ADDQ R11, DI
	// row 1: s = c + alpha·(A·B), then s·T
	STRIP_ROW_TU(Y2, Y3)
	ADDQ R11, DI
	// row 2: s = c + alpha·(A·B), then s·T
	STRIP_ROW_TU(Y4, Y5)
	ADDQ R11, DI
	// row 3: s = c + alpha·(A·B), then s·T
	STRIP_ROW_TU(Y6, Y7)
	ADDQ R11, DI
	// row 4: s = c + alpha·(A·B), then s·T
	STRIP_ROW_TU(Y8, Y9)
	ADDQ R11, DI
	// row 5: s = c + alpha·(A·B), then s·T
	STRIP_ROW_TU(Y10, Y11)
	JMP next
lowerT:
	// T lower: the upper right block is zero
	// row 0: s = c + alpha·(A·B), then s·T
	STRIP_ROW_TL(Y0, Y1)
	ADDQ R11, DI
	// row 1: s = c + alpha·(A·B), then s·T
	STRIP_ROW_TL(Y2, Y3)
	ADDQ R11, DI
	// row 2: s = c + alpha·(A·B), then s·T
	STRIP_ROW_TL(Y4, Y5)
	ADDQ R11, DI
	// row 3: s = c + alpha·(A·B), then s·T
	STRIP_ROW_TL(Y6, Y7)
	ADDQ R11, DI
	// row 4: s = c + alpha·(A·B), then s·T
	STRIP_ROW_TL(Y8, Y9)
	ADDQ R11, DI
	// row 5: s = c + alpha·(A·B), then s·T
	STRIP_ROW_TL(Y10, Y11)
next:
	LEAQ (R14)(R8*4), R14
	LEAQ (R14)(R8*2), R14           // six rows of a on
	LEAQ (R13)(R11*4), R13
	LEAQ (R13)(R11*2), R13          // six rows of c on
	DECQ AX
	JNZ  block
	VZEROUPPER
	RET
