//go:build !purego && !noasm

#include "textflag.h"

// The substitutions of potrsVec64Go, one block of four columns j..j+3 (SI = j) per macro,
// for the factor at RA (row stride RLD bytes), right-hand side RB and cache TARG. They use
// AX, BX, CX, DI, R10, R14 and Y0..Y7.

// FWD: s = b[j:j+4] − L[j:j+4, 0:j]·b[0:j] (four dot products, one per row of L, over
// four-element chunks, summed across their lanes at the end), b[j:j+4] = s·T.
#define FWD(RA, RLD, RB, TARG, LOOP, DONE) \
	MOVQ SI, AX; \
	IMULQ RLD, AX; \
	ADDQ RA, AX; \
	LEAQ (AX)(RLD*1), BX; \
	LEAQ (BX)(RLD*1), DI; \
	LEAQ (DI)(RLD*1), R10; \
	VXORPD Y0, Y0, Y0; \
	VXORPD Y1, Y1, Y1; \
	VXORPD Y2, Y2, Y2; \
	VXORPD Y3, Y3, Y3; \
	MOVQ SI, R14; \
	SHLQ $3, R14; \
	XORQ CX, CX; \
LOOP: \
	CMPQ CX, R14; \
	JGE  DONE; \
	VMOVUPD (RB)(CX*1), Y4; \
	VFMADD231PD (AX)(CX*1), Y4, Y0; \
	VFMADD231PD (BX)(CX*1), Y4, Y1; \
	VFMADD231PD (DI)(CX*1), Y4, Y2; \
	VFMADD231PD (R10)(CX*1), Y4, Y3; \
	ADDQ $32, CX; \
	JMP  LOOP; \
DONE: \
	VHADDPD Y1, Y0, Y0; \
	VHADDPD Y3, Y2, Y2; \
	VPERM2F128 $0x21, Y2, Y0, Y1; \
	VBLENDPD $0x0c, Y2, Y0, Y0; \
	VADDPD Y1, Y0, Y0; \
	VMOVUPD (RB)(SI*8), Y5; \
	VSUBPD Y0, Y5, Y5; \
	MOVQ TARG, R14; \
	MOVQ SI, CX; \
	SHLQ $6, CX; \
	ADDQ CX, R14; \
	VPERMPD $0x00, Y5, Y6; \
	VMULPD (R14), Y6, Y7; \
	VPERMPD $0x55, Y5, Y6; \
	VFMADD231PD 32(R14), Y6, Y7; \
	VPERMPD $0xaa, Y5, Y6; \
	VFMADD231PD 64(R14), Y6, Y7; \
	VPERMPD $0xff, Y5, Y6; \
	VFMADD231PD 96(R14), Y6, Y7; \
	VMOVUPD Y7, (RB)(SI*8)

// BWD: s = b[j:j+4] − Σ_{p ≥ j+4} b[p]·L[p, j:j+4] (four rows p at a time into four
// accumulators), b[j:j+4] = s·T'.
#define BWD(RA, RLD, RB, TARG, LOOP, DONE) \
	LEAQ 4(SI), CX; \
	MOVQ CX, AX; \
	IMULQ RLD, AX; \
	ADDQ RA, AX; \
	LEAQ (AX)(SI*8), AX; \
	LEAQ (RB)(CX*8), DI; \
	MOVQ DX, R14; \
	SUBQ CX, R14; \
	VXORPD Y0, Y0, Y0; \
	VXORPD Y1, Y1, Y1; \
	VXORPD Y2, Y2, Y2; \
	VXORPD Y3, Y3, Y3; \
LOOP: \
	TESTQ R14, R14; \
	JZ   DONE; \
	LEAQ (AX)(RLD*2), BX; \
	VBROADCASTSD (DI), Y4; \
	VFMADD231PD (AX), Y4, Y0; \
	VBROADCASTSD 8(DI), Y4; \
	VFMADD231PD (AX)(RLD*1), Y4, Y1; \
	VBROADCASTSD 16(DI), Y4; \
	VFMADD231PD (BX), Y4, Y2; \
	VBROADCASTSD 24(DI), Y4; \
	VFMADD231PD (BX)(RLD*1), Y4, Y3; \
	LEAQ (AX)(RLD*4), AX; \
	ADDQ $32, DI; \
	SUBQ $4, R14; \
	JMP  LOOP; \
DONE: \
	VADDPD Y1, Y0, Y0; \
	VADDPD Y3, Y2, Y2; \
	VADDPD Y2, Y0, Y0; \
	VMOVUPD (RB)(SI*8), Y5; \
	VSUBPD Y0, Y5, Y5; \
	MOVQ TARG, R14; \
	MOVQ SI, CX; \
	SHLQ $6, CX; \
	ADDQ CX, R14; \
	VPERMPD $0x00, Y5, Y6; \
	VMULPD 128(R14), Y6, Y7; \
	VPERMPD $0x55, Y5, Y6; \
	VFMADD231PD 160(R14), Y6, Y7; \
	VPERMPD $0xaa, Y5, Y6; \
	VFMADD231PD 192(R14), Y6, Y7; \
	VPERMPD $0xff, Y5, Y6; \
	VFMADD231PD 224(R14), Y6, Y7; \
	VMOVUPD Y7, (RB)(SI*8)

// func potrsVecAVX2(n int, a *float64, lda int, t *float64, b *float64)
TEXT ·potrsVecAVX2(SB), NOSPLIT, $0-40
	MOVQ n+0(FP), DX
	MOVQ a+8(FP), R8
	MOVQ lda+16(FP), R9
	SHLQ $3, R9
	MOVQ b+32(FP), R11
	XORQ SI, SI
fwd1:
	FWD(R8, R9, R11, t+24(FP), f1loop, f1done)
	ADDQ $4, SI
	CMPQ SI, DX
	JLT  fwd1
	MOVQ DX, SI
	SUBQ $4, SI
bwd1:
	BWD(R8, R9, R11, t+24(FP), b1loop, b1done)
	SUBQ $4, SI
	JGE  bwd1
	VZEROUPPER
	RET

// func potrsVecPairAVX2(n int, a0 *float64, lda0 int, t0 *float64, b0 *float64, a1 *float64, lda1 int, t1 *float64, b1 *float64)
// The two systems block by block alternately: each block of one waits on its own chain of
// steps, and the other's independent block runs meanwhile.
TEXT ·potrsVecPairAVX2(SB), NOSPLIT, $0-72
	MOVQ n+0(FP), DX
	MOVQ a0+8(FP), R8
	MOVQ lda0+16(FP), R9
	SHLQ $3, R9
	MOVQ b0+32(FP), R11
	MOVQ a1+40(FP), R12
	MOVQ lda1+48(FP), R13
	SHLQ $3, R13
	MOVQ b1+64(FP), R15
	XORQ SI, SI
fwd2:
	FWD(R8, R9, R11, t0+24(FP), f20loop, f20done)
	FWD(R12, R13, R15, t1+56(FP), f21loop, f21done)
	ADDQ $4, SI
	CMPQ SI, DX
	JLT  fwd2
	MOVQ DX, SI
	SUBQ $4, SI
bwd2:
	BWD(R8, R9, R11, t0+24(FP), b20loop, b20done)
	BWD(R12, R13, R15, t1+56(FP), b21loop, b21done)
	SUBQ $4, SI
	JGE  bwd2
	VZEROUPPER
	RET
