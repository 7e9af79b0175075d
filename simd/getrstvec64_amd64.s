//go:build !purego && !noasm

#include "textflag.h"

// NNBLK: the block j = SI of a substitution by rows of the factor: with AX at the factor's
// row p0 and column j, DI at b[p0] and R14 rows p0.. to take (a multiple of 4),
// s = b[j:j+4] − Σ_p b[p]·M[p, j:j+4] (four rows at a time into four accumulators) and
// b[j:j+4] = s·T with T at TOFF bytes past the block's cache entry (64j bytes into TARG).
// R9 is the factor's row stride in bytes, R11 b; it uses BX, CX, R14 and Y0..Y7.
#define NNBLK(TARG, TOFF, LOOP, DONE) \
	VXORPD Y0, Y0, Y0; \
	VXORPD Y1, Y1, Y1; \
	VXORPD Y2, Y2, Y2; \
	VXORPD Y3, Y3, Y3; \
LOOP: \
	TESTQ R14, R14; \
	JZ   DONE; \
	LEAQ (AX)(R9*2), BX; \
	VBROADCASTSD (DI), Y4; \
	VFMADD231PD (AX), Y4, Y0; \
	VBROADCASTSD 8(DI), Y4; \
	VFMADD231PD (AX)(R9*1), Y4, Y1; \
	VBROADCASTSD 16(DI), Y4; \
	VFMADD231PD (BX), Y4, Y2; \
	VBROADCASTSD 24(DI), Y4; \
	VFMADD231PD (BX)(R9*1), Y4, Y3; \
	LEAQ (AX)(R9*4), AX; \
	ADDQ $32, DI; \
	SUBQ $4, R14; \
	JMP  LOOP; \
DONE: \
	VADDPD Y1, Y0, Y0; \
	VADDPD Y3, Y2, Y2; \
	VADDPD Y2, Y0, Y0; \
	VMOVUPD (R11)(SI*8), Y5; \
	VSUBPD Y0, Y5, Y5; \
	MOVQ TARG, R14; \
	MOVQ SI, CX; \
	SHLQ $6, CX; \
	ADDQ CX, R14; \
	VPERMPD $0x00, Y5, Y6; \
	VMULPD (TOFF+0)(R14), Y6, Y7; \
	VPERMPD $0x55, Y5, Y6; \
	VFMADD231PD (TOFF+32)(R14), Y6, Y7; \
	VPERMPD $0xaa, Y5, Y6; \
	VFMADD231PD (TOFF+64)(R14), Y6, Y7; \
	VPERMPD $0xff, Y5, Y6; \
	VFMADD231PD (TOFF+96)(R14), Y6, Y7; \
	VMOVUPD Y7, (R11)(SI*8)

// func getrsTVecAVX2(n int, a *float64, lda int, t *float64, b *float64)
// Registers: DX n, R8 a, R9 row stride in bytes, R11 b, SI j.
TEXT ·getrsTVecAVX2(SB), NOSPLIT, $0-40
	MOVQ n+0(FP), DX
	MOVQ a+8(FP), R8
	MOVQ lda+16(FP), R9
	SHLQ $3, R9
	MOVQ b+32(FP), R11
	XORQ SI, SI
fwd:
	// rows p < j of U at column j
	LEAQ (R8)(SI*8), AX
	MOVQ R11, DI
	MOVQ SI, R14
	NNBLK(t+24(FP), 0, floop, fdone)
	ADDQ $4, SI
	CMPQ SI, DX
	JLT  fwd
	MOVQ DX, SI
	SUBQ $4, SI
bwd:
	// rows p ≥ j+4 of L at column j
	LEAQ 4(SI), CX
	MOVQ CX, AX
	IMULQ R9, AX
	ADDQ R8, AX
	LEAQ (AX)(SI*8), AX
	LEAQ (R11)(CX*8), DI
	MOVQ DX, R14
	SUBQ CX, R14
	NNBLK(t+24(FP), 128, bloop, bdone)
	SUBQ $4, SI
	JGE  bwd
	VZEROUPPER
	RET
