//go:build !purego && !noasm

#include "textflag.h"

// Masks of the 4×4 diagonal block, one 32-byte row per pattern: symvle<> row i keeps lanes
// 0..i (the lower triangle with the diagonal), symvlt<> row i keeps lanes 0..i-1 (the
// strict lower triangle).
DATA symvle<>+0(SB)/8, $0xffffffffffffffff
DATA symvle<>+8(SB)/8, $0
DATA symvle<>+16(SB)/8, $0
DATA symvle<>+24(SB)/8, $0
DATA symvle<>+32(SB)/8, $0xffffffffffffffff
DATA symvle<>+40(SB)/8, $0xffffffffffffffff
DATA symvle<>+48(SB)/8, $0
DATA symvle<>+56(SB)/8, $0
DATA symvle<>+64(SB)/8, $0xffffffffffffffff
DATA symvle<>+72(SB)/8, $0xffffffffffffffff
DATA symvle<>+80(SB)/8, $0xffffffffffffffff
DATA symvle<>+88(SB)/8, $0
DATA symvle<>+96(SB)/8, $0xffffffffffffffff
DATA symvle<>+104(SB)/8, $0xffffffffffffffff
DATA symvle<>+112(SB)/8, $0xffffffffffffffff
DATA symvle<>+120(SB)/8, $0xffffffffffffffff
GLOBL symvle<>(SB), RODATA|NOPTR, $128

// func symvLower64AVX2(n int, alpha float64, a *float64, lda int, x, y *float64)
// y += alpha·A·x for the symmetric A given by its lower triangle; n is a positive multiple
// of 4. Rows r..r+3 at a time: for every four columns c < r one load of each row feeds
// both the rows' dot products (Y0..Y3, with x[c:c+4]) and the update of y[c:c+4] by
// symmetry (with alpha·x[r+i] broadcast in Y4..Y7); in the diagonal block the masks keep
// the lower triangle for the dots and the strict lower one for the update, so the entries
// above the diagonal are loaded but never used. The four dots are then summed across their
// lanes into one vector and added, times alpha, to y[r:r+4].
TEXT ·symvLower64AVX2(SB), NOSPLIT, $0-48
	MOVQ n+0(FP), DX
	VBROADCASTSD alpha+8(FP), Y14
	MOVQ a+16(FP), AX
	MOVQ lda+24(FP), BX
	SHLQ $3, BX                   // row stride in bytes
	MOVQ x+32(FP), SI
	MOVQ y+40(FP), DI
	XORQ R14, R14                 // r
strip:
	// row pointers of rows r..r+3 at column 0
	MOVQ AX, R8
	LEAQ (R8)(BX*1), R9
	LEAQ (R9)(BX*1), R10
	LEAQ (R10)(BX*1), R11
	// alpha·x[r+i]
	VMULPD (SI)(R14*8), Y14, Y15
	VPERMPD $0x00, Y15, Y4
	VPERMPD $0x55, Y15, Y5
	VPERMPD $0xaa, Y15, Y6
	VPERMPD $0xff, Y15, Y7
	VXORPD Y0, Y0, Y0
	VXORPD Y1, Y1, Y1
	VXORPD Y2, Y2, Y2
	VXORPD Y3, Y3, Y3
	MOVQ SI, R12
	MOVQ DI, R13
	MOVQ R14, CX
	TESTQ CX, CX
	JZ   diag
cols:
	VMOVUPD (R12), Y8
	VMOVUPD (R13), Y9
	VMOVUPD (R8), Y10
	VFMADD231PD Y8, Y10, Y0
	VFMADD231PD Y4, Y10, Y9
	VMOVUPD (R9), Y11
	VFMADD231PD Y8, Y11, Y1
	VFMADD231PD Y5, Y11, Y9
	VMOVUPD (R10), Y12
	VFMADD231PD Y8, Y12, Y2
	VFMADD231PD Y6, Y12, Y9
	VMOVUPD (R11), Y13
	VFMADD231PD Y8, Y13, Y3
	VFMADD231PD Y7, Y13, Y9
	VMOVUPD Y9, (R13)
	ADDQ $32, R8
	ADDQ $32, R9
	ADDQ $32, R10
	ADDQ $32, R11
	ADDQ $32, R12
	ADDQ $32, R13
	SUBQ $4, CX
	JNZ  cols
diag:
	// R8..R11 point at column r of rows r..r+3, R12 at x[r], R13 at y[r]
	VMOVUPD (R12), Y8
	VXORPD Y9, Y9, Y9             // the strict lower triangle's updates of y[r:r+4]
	VMOVUPD (R8), Y10
	VANDPD symvle<>+0(SB), Y10, Y11
	VFMADD231PD Y8, Y11, Y0       // row r: its diagonal only (lane 0)
	VMOVUPD (R9), Y10
	VANDPD symvle<>+32(SB), Y10, Y11
	VFMADD231PD Y8, Y11, Y1
	VANDPD symvle<>+0(SB), Y10, Y11
	VFMADD231PD Y5, Y11, Y9
	VMOVUPD (R10), Y10
	VANDPD symvle<>+64(SB), Y10, Y11
	VFMADD231PD Y8, Y11, Y2
	VANDPD symvle<>+32(SB), Y10, Y11
	VFMADD231PD Y6, Y11, Y9
	VMOVUPD (R11), Y10
	VFMADD231PD Y8, Y10, Y3
	VANDPD symvle<>+64(SB), Y10, Y11
	VFMADD231PD Y7, Y11, Y9
	// [Σ Y0, Σ Y1, Σ Y2, Σ Y3]
	VHADDPD Y1, Y0, Y0            // [Y0₀+Y0₁, Y1₀+Y1₁, Y0₂+Y0₃, Y1₂+Y1₃]
	VHADDPD Y3, Y2, Y2            // [Y2₀+Y2₁, Y3₀+Y3₁, Y2₂+Y2₃, Y3₂+Y3₃]
	VPERM2F128 $0x21, Y2, Y0, Y1  // [Y0's high half, Y2's low half]
	VBLENDPD $0x0c, Y2, Y0, Y0    // [Y0's low half, Y2's high half]
	VADDPD Y1, Y0, Y0
	VMOVUPD (R13), Y10
	VFMADD231PD Y14, Y0, Y10
	VADDPD Y9, Y10, Y10
	VMOVUPD Y10, (R13)
	// next strip
	LEAQ (AX)(BX*4), AX
	ADDQ $4, R14
	CMPQ R14, DX
	JLT  strip
	VZEROUPPER
	RET
