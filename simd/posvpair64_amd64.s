//go:build !purego && !noasm

#include "textflag.h"

DATA posvPairOne<>+0(SB)/8, $0x3FF0000000000000
GLOBL posvPairOne<>(SB), RODATA|NOPTR, $8
DATA posvPairSign<>+0(SB)/8, $0x8000000000000000
DATA posvPairSign<>+8(SB)/8, $0x8000000000000000
GLOBL posvPairSign<>(SB), RODATA|NOPTR, $16

// The macros and the per-system code are those of posv64_amd64.s, with the system's
// pointers taken from its posvSys record (200(SP) points to the current one).

// TMULR sets dst = Σ_q src[q]·T[q,:] for the 4×4 row-major T at (base).
#define TMULR(src, dst, tmp, base) \
	VPERMPD     $0x00, src, tmp; \
	VMULPD      (base), tmp, dst; \
	VPERMPD     $0x55, src, tmp; \
	VFMADD231PD 32(base), tmp, dst; \
	VPERMPD     $0xAA, src, tmp; \
	VFMADD231PD 64(base), tmp, dst; \
	VPERMPD     $0xFF, src, tmp; \
	VFMADD231PD 96(base), tmp, dst

// TRANS4 sets Y8–Y11 to the columns of the 4×4 block whose rows are r0–r3 (Y4–Y7 scratch).
#define TRANS4(r0, r1, r2, r3) \
	VUNPCKLPD  r1, r0, Y4; \
	VUNPCKHPD  r1, r0, Y5; \
	VUNPCKLPD  r3, r2, Y6; \
	VUNPCKHPD  r3, r2, Y7; \
	VPERM2F128 $0x20, Y6, Y4, Y8; \
	VPERM2F128 $0x20, Y7, Y5, Y9; \
	VPERM2F128 $0x31, Y6, Y4, Y10; \
	VPERM2F128 $0x31, Y7, Y5, Y11

// CHECK jumps to fail unless 0 < x < +Inf (0 at 128(SP), +Inf at 136(SP)).
#define CHECK(x) \
	VUCOMISD 128(SP), x; \
	JLS      fail; \
	VUCOMISD 136(SP), x; \
	JCC      fail

// NEG flips the sign of the scalar x.
#define NEG(x) VXORPD posvPairSign<>(SB), x, x

// LOADCTX loads the current system's factor (R10, stride R9), lt (R11), b (AX) and the
// inverses of the panel at column R13 (R14) from its record.
#define LOADCTX \
	MOVQ 200(SP), BX; \
	MOVQ 24(BX), R9; \
	MOVQ 16(BX), R10; \
	MOVQ 32(BX), R11; \
	MOVQ 48(BX), AX; \
	MOVQ R13, DX; \
	SHLQ $6, DX; \
	MOVQ 40(BX), R14; \
	ADDQ DX, R14

// NEXTCTX moves on to the second system and jumps to again after the first; after the
// second it points back to the first and falls through.
#define NEXTCTX(again) \
	MOVQ 200(SP), BX; \
	CMPQ BX, 208(SP); \
	JNE  3(PC); \
	ADDQ $56, 200(SP); \
	JMP  again; \
	MOVQ 208(SP), BX; \
	MOVQ BX, 200(SP)

// func posvPairAVX2(n int, shift float64, s *[2]posvSys) int
// posvPair64Go in one call: each panel's diagonal block of both systems (the latency-bound
// chains of the two, independent, back to back), then the rows below and the forward
// substitution of both, and the backward substitutions block by block alternately.
// Registers as in posvPanelsAVX2 (j0 = 0); the stack holds rows 1–3 of the panel's S
// (32–127), 0 and +Inf (128, 136), the row index (192), the current record (200), the
// first record (208) and the shift on lane r of the vector at 224+32r.
TEXT ·posvPairAVX2(SB), NOSPLIT, $352-32
	MOVQ n+0(FP), R8
	MOVQ R8, R12
	SHLQ $3, R12
	MOVQ s+16(FP), BX
	MOVQ BX, 200(SP)
	MOVQ BX, 208(SP)
	VXORPD X0, X0, X0
	VMOVSD X0, 128(SP)
	MOVQ $0x7FF0000000000000, BX
	MOVQ BX, 136(SP)
	VMOVUPD Y0, 224(SP)
	VMOVUPD Y0, 256(SP)
	VMOVUPD Y0, 288(SP)
	VMOVUPD Y0, 320(SP)
	MOVQ shift+8(FP), BX
	MOVQ BX, 224(SP)
	MOVQ BX, 264(SP)
	MOVQ BX, 304(SP)
	MOVQ BX, 344(SP)
	VMOVSD posvPairOne<>(SB), X13
	XORQ R13, R13

panel:
p1:
	LOADCTX
	// S = A[j:j+4, j:j+4] − L[j:j+4, 0:j]·L[j:j+4, 0:j]ᵀ (all four lanes of each row)
	MOVQ R13, SI
	IMULQ R9, SI
	ADDQ R10, SI
	LEAQ (SI)(R9*2), DI
	// the diagonal block's rows from the source (stride CX), plus the shift on the diagonal
	MOVQ 200(SP), BX
	MOVQ 8(BX), CX
	MOVQ 0(BX), DX
	MOVQ R13, BX
	IMULQ CX, BX
	ADDQ DX, BX
	LEAQ (BX)(R13*8), BX
	VMOVUPD (BX), Y0
	VMOVUPD (BX)(CX*1), Y1
	LEAQ (BX)(CX*2), BX
	VMOVUPD (BX), Y2
	VMOVUPD (BX)(CX*1), Y3
	VADDPD 224(SP), Y0, Y0
	VADDPD 256(SP), Y1, Y1
	VADDPD 288(SP), Y2, Y2
	VADDPD 320(SP), Y3, Y3
	VXORPD Y4, Y4, Y4
	VXORPD Y5, Y5, Y5
	VXORPD Y6, Y6, Y6
	VXORPD Y7, Y7, Y7
	LEAQ (R11)(R13*8), DX
	MOVQ R13, CX
	SHRQ $1, CX
	JZ   pARem
pALoop:
	VMOVUPD      (DX), Y8
	VMOVUPD      (DX)(R12*1), Y9
	VBROADCASTSD (SI), Y10
	VFNMADD231PD Y10, Y8, Y0
	VBROADCASTSD 8(SI), Y11
	VFNMADD231PD Y11, Y9, Y4
	VBROADCASTSD (SI)(R9*1), Y10
	VFNMADD231PD Y10, Y8, Y1
	VBROADCASTSD 8(SI)(R9*1), Y11
	VFNMADD231PD Y11, Y9, Y5
	VBROADCASTSD (DI), Y10
	VFNMADD231PD Y10, Y8, Y2
	VBROADCASTSD 8(DI), Y11
	VFNMADD231PD Y11, Y9, Y6
	VBROADCASTSD (DI)(R9*1), Y10
	VFNMADD231PD Y10, Y8, Y3
	VBROADCASTSD 8(DI)(R9*1), Y11
	VFNMADD231PD Y11, Y9, Y7
	ADDQ         $16, SI
	ADDQ         $16, DI
	LEAQ         (DX)(R12*2), DX
	DECQ         CX
	JNZ          pALoop
pARem:
	TESTQ        $1, R13
	JZ           pASum
	VMOVUPD      (DX), Y8
	VBROADCASTSD (SI), Y10
	VFNMADD231PD Y10, Y8, Y0
	VBROADCASTSD (SI)(R9*1), Y10
	VFNMADD231PD Y10, Y8, Y1
	VBROADCASTSD (DI), Y10
	VFNMADD231PD Y10, Y8, Y2
	VBROADCASTSD (DI)(R9*1), Y10
	VFNMADD231PD Y10, Y8, Y3
pASum:
	VADDPD       Y4, Y0, Y0
	VADDPD       Y5, Y1, Y1
	VADDPD       Y6, Y2, Y2
	VADDPD       Y7, Y3, Y3
	VMOVUPD Y1, 32(SP)
	VMOVUPD Y2, 64(SP)
	VMOVUPD Y3, 96(SP)

	// the 4×4 factor as posvDiag4: X0 v0, X1 r0, X2–X4 a10 a20 a30, X6 v1, X7 r1, X8 u21,
	// X9 u31, X10 v2, X11 r2, X12 u32, X14 v3, X13 1; v0 straight from Y0, the chain's head
	CHECK(X0)
	VDIVSD X0, X13, X1
	VMOVSD 32(SP), X2
	VMOVSD 64(SP), X3
	VMOVSD 96(SP), X4
	VMULSD X2, X2, X5
	VMULSD X1, X5, X5
	VMOVSD 40(SP), X6
	VSUBSD X5, X6, X6
	CHECK(X6)
	VDIVSD X6, X13, X7
	VMULSD X2, X3, X5
	VMULSD X1, X5, X5
	VMOVSD 72(SP), X8
	VSUBSD X5, X8, X8
	VMULSD X2, X4, X5
	VMULSD X1, X5, X5
	VMOVSD 104(SP), X9
	VSUBSD X5, X9, X9
	VMULSD X3, X3, X5
	VMULSD X1, X5, X5
	VMOVSD 80(SP), X10
	VSUBSD X5, X10, X10
	VMULSD X8, X8, X5
	VMULSD X7, X5, X5
	VSUBSD X5, X10, X10
	CHECK(X10)
	VDIVSD X10, X13, X11
	VMULSD X3, X4, X5
	VMULSD X1, X5, X5
	VMOVSD 112(SP), X12
	VSUBSD X5, X12, X12
	VMULSD X8, X9, X5
	VMULSD X7, X5, X5
	VSUBSD X5, X12, X12
	VMULSD X4, X4, X5
	VMULSD X1, X5, X5
	VMOVSD 120(SP), X14
	VSUBSD X5, X14, X14
	VMULSD X9, X9, X5
	VMULSD X7, X5, X5
	VSUBSD X5, X14, X14
	VMULSD X12, X12, X5
	VMULSD X11, X5, X5
	VSUBSD X5, X14, X14
	CHECK(X14)
	// X1 i00, X7 i11, X11 i22, X15 i33 (√v3·(1/v3): the square root beside the division)
	VSQRTSD X1, X1, X1
	VSQRTSD X7, X7, X7
	VSQRTSD X11, X11, X11
	VSQRTSD X14, X14, X5
	VDIVSD X14, X13, X15
	VMULSD X5, X15, X15
	// X0 l00, X6 l11, X10 l22, X14 l33, X2 l10, X3 l20, X4 l30, X8 l21, X9 l31, X12 l32
	VMULSD X1, X0, X0
	VMULSD X7, X6, X6
	VMULSD X11, X10, X10
	VMOVAPD X5, X14
	VMULSD X1, X2, X2
	VMULSD X1, X3, X3
	VMULSD X1, X4, X4
	VMULSD X7, X8, X8
	VMULSD X7, X9, X9
	VMULSD X11, X12, X12
	MOVQ R13, BX
	IMULQ R9, BX
	ADDQ R10, BX
	LEAQ (BX)(R13*8), BX
	VMOVSD X0, (BX)
	VMOVSD X2, (BX)(R9*1)
	VMOVSD X6, 8(BX)(R9*1)
	LEAQ (BX)(R9*2), DX
	VMOVSD X3, (DX)
	VMOVSD X8, 8(DX)
	VMOVSD X10, 16(DX)
	VMOVSD X4, (DX)(R9*1)
	VMOVSD X9, 8(DX)(R9*1)
	VMOVSD X12, 16(DX)(R9*1)
	VMOVSD X14, 24(DX)(R9*1)
	// the inverse: X0 x10, X5 x21, X6 x32, X10 x20, X14 x31, X2 x30
	VMULSD X1, X2, X0
	VMULSD X7, X0, X0
	NEG(X0)
	VMULSD X7, X8, X5
	VMULSD X11, X5, X5
	NEG(X5)
	VMULSD X11, X12, X6
	VMULSD X15, X6, X6
	NEG(X6)
	VMULSD X1, X3, X10
	VMULSD X0, X8, X14
	VADDSD X14, X10, X10
	NEG(X10)
	VMULSD X11, X10, X10
	VMULSD X7, X9, X14
	VMULSD X5, X12, X2
	VADDSD X2, X14, X14
	NEG(X14)
	VMULSD X15, X14, X14
	VMULSD X1, X4, X2
	VMULSD X0, X9, X3
	VADDSD X3, X2, X2
	VMULSD X10, X12, X3
	VADDSD X3, X2, X2
	NEG(X2)
	VMULSD X15, X2, X2
	// L_dd⁻ᵀ at (R14), L_dd⁻¹ at 128(R14), assembled in registers and stored as whole rows
	// (the loads of the rows below and the substitutions then take them from single stores)
	VXORPD X13, X13, X13
	VUNPCKLPD X0, X1, X3
	VUNPCKLPD X2, X10, X4
	VINSERTF128 $1, X4, Y3, Y3
	VUNPCKLPD X7, X13, X4
	VUNPCKLPD X14, X5, X8
	VINSERTF128 $1, X8, Y4, Y4
	VUNPCKLPD X6, X11, X8
	VINSERTF128 $1, X8, Y13, Y8
	VUNPCKLPD X15, X13, X9
	VINSERTF128 $1, X9, Y13, Y9
	VUNPCKLPD X13, X1, X12
	VMOVUPD Y3, (R14)
	VMOVUPD Y4, 32(R14)
	VMOVUPD Y8, 64(R14)
	VMOVUPD Y9, 96(R14)
	VMOVUPD Y12, 128(R14)
	VUNPCKLPD X7, X0, X3
	VMOVUPD Y3, 160(R14)
	VUNPCKLPD X5, X10, X3
	VUNPCKLPD X13, X11, X4
	VINSERTF128 $1, X4, Y3, Y3
	VMOVUPD Y3, 192(R14)
	VUNPCKLPD X14, X2, X3
	VUNPCKLPD X15, X6, X4
	VINSERTF128 $1, X4, Y3, Y3
	VMOVUPD Y3, 224(R14)
	VMOVSD posvPairOne<>(SB), X13
	NEXTCTX(p1)

p2:
	LOADCTX
	// rows below, four at a time: L[i, j:j+4] = (A[i, j:j+4] − L[i, 0:j]·L[j:j+4, 0:j]ᵀ)·L_dd⁻ᵀ,
	// stored in a and transposed into lt
	LEAQ 4(R13), BX
	MOVQ BX, 192(SP)
pBelow:
	MOVQ 192(SP), BX
	CMPQ BX, R8
	JGE  pForward
	MOVQ BX, SI
	IMULQ R9, SI
	ADDQ R10, SI
	LEAQ (SI)(R9*2), DI
	// the rows' block from the source (stride CX)
	MOVQ 200(SP), DX
	MOVQ 8(DX), CX
	MOVQ 0(DX), DX
	IMULQ CX, BX
	ADDQ BX, DX
	LEAQ (DX)(R13*8), DX
	VMOVUPD (DX), Y0
	VMOVUPD (DX)(CX*1), Y1
	LEAQ (DX)(CX*2), DX
	VMOVUPD (DX), Y2
	VMOVUPD (DX)(CX*1), Y3
	VXORPD Y4, Y4, Y4
	VXORPD Y5, Y5, Y5
	VXORPD Y6, Y6, Y6
	VXORPD Y7, Y7, Y7
	LEAQ (R11)(R13*8), DX
	MOVQ R13, CX
	SHRQ $1, CX
	JZ   pCRem
pCLoop:
	VMOVUPD      (DX), Y8
	VMOVUPD      (DX)(R12*1), Y9
	VBROADCASTSD (SI), Y10
	VFNMADD231PD Y10, Y8, Y0
	VBROADCASTSD 8(SI), Y11
	VFNMADD231PD Y11, Y9, Y4
	VBROADCASTSD (SI)(R9*1), Y10
	VFNMADD231PD Y10, Y8, Y1
	VBROADCASTSD 8(SI)(R9*1), Y11
	VFNMADD231PD Y11, Y9, Y5
	VBROADCASTSD (DI), Y10
	VFNMADD231PD Y10, Y8, Y2
	VBROADCASTSD 8(DI), Y11
	VFNMADD231PD Y11, Y9, Y6
	VBROADCASTSD (DI)(R9*1), Y10
	VFNMADD231PD Y10, Y8, Y3
	VBROADCASTSD 8(DI)(R9*1), Y11
	VFNMADD231PD Y11, Y9, Y7
	ADDQ         $16, SI
	ADDQ         $16, DI
	LEAQ         (DX)(R12*2), DX
	DECQ         CX
	JNZ          pCLoop
pCRem:
	TESTQ        $1, R13
	JZ           pCSum
	VMOVUPD      (DX), Y8
	VBROADCASTSD (SI), Y10
	VFNMADD231PD Y10, Y8, Y0
	VBROADCASTSD (SI)(R9*1), Y10
	VFNMADD231PD Y10, Y8, Y1
	VBROADCASTSD (DI), Y10
	VFNMADD231PD Y10, Y8, Y2
	VBROADCASTSD (DI)(R9*1), Y10
	VFNMADD231PD Y10, Y8, Y3
pCSum:
	VADDPD       Y4, Y0, Y0
	VADDPD       Y5, Y1, Y1
	VADDPD       Y6, Y2, Y2
	VADDPD       Y7, Y3, Y3
	// the block transposed (Y8–Y11 the columns of W), multiplied by L_dd⁻¹ from the left
	// (the transposed L, its lower triangle's terms only, in the order of TMULR), stored
	// into lt and transposed back into a
	TRANS4(Y0, Y1, Y2, Y3)
	VBROADCASTSD 128(R14), Y12
	VMULPD       Y12, Y8, Y0
	VBROADCASTSD 160(R14), Y14
	VMULPD       Y14, Y8, Y1
	VBROADCASTSD 168(R14), Y15
	VFMADD231PD  Y15, Y9, Y1
	VBROADCASTSD 192(R14), Y12
	VMULPD       Y12, Y8, Y2
	VBROADCASTSD 200(R14), Y14
	VFMADD231PD  Y14, Y9, Y2
	VBROADCASTSD 208(R14), Y15
	VFMADD231PD  Y15, Y10, Y2
	VBROADCASTSD 224(R14), Y12
	VMULPD       Y12, Y8, Y3
	VBROADCASTSD 232(R14), Y14
	VFMADD231PD  Y14, Y9, Y3
	VBROADCASTSD 240(R14), Y15
	VFMADD231PD  Y15, Y10, Y3
	VBROADCASTSD 248(R14), Y12
	VFMADD231PD  Y12, Y11, Y3
	MOVQ 192(SP), BX
	MOVQ R13, DX
	IMULQ R12, DX
	ADDQ R11, DX
	LEAQ (DX)(BX*8), DX
	VMOVUPD Y0, (DX)
	VMOVUPD Y1, (DX)(R12*1)
	LEAQ (DX)(R12*2), DX
	VMOVUPD Y2, (DX)
	VMOVUPD Y3, (DX)(R12*1)
	TRANS4(Y0, Y1, Y2, Y3)
	MOVQ BX, SI
	IMULQ R9, SI
	ADDQ R10, SI
	LEAQ (SI)(R13*8), SI
	VMOVUPD Y8, (SI)
	VMOVUPD Y9, (SI)(R9*1)
	LEAQ (SI)(R9*2), DI
	VMOVUPD Y10, (DI)
	VMOVUPD Y11, (DI)(R9*1)
	ADDQ $4, BX
	MOVQ BX, 192(SP)
	JMP  pBelow

pForward:
	// z[j:j+4] = (b[j:j+4] − L[j:j+4, 0:j]·z[0:j])·L_dd⁻ᵀ
	LEAQ (AX)(R13*8), BX
	VMOVUPD (BX), Y0
	VXORPD Y1, Y1, Y1
	MOVQ AX, SI
	LEAQ (R11)(R13*8), DX
	MOVQ R13, CX
	SHRQ $1, CX
	JZ   pDRem
pDLoop:
	VMOVUPD      (DX), Y8
	VMOVUPD      (DX)(R12*1), Y9
	VBROADCASTSD (SI), Y10
	VFNMADD231PD Y10, Y8, Y0
	VBROADCASTSD 8(SI), Y11
	VFNMADD231PD Y11, Y9, Y1
	ADDQ         $16, SI
	LEAQ         (DX)(R12*2), DX
	DECQ         CX
	JNZ          pDLoop
pDRem:
	TESTQ        $1, R13
	JZ           pDSum
	VMOVUPD      (DX), Y8
	VBROADCASTSD (SI), Y10
	VFNMADD231PD Y10, Y8, Y0
pDSum:
	VADDPD Y1, Y0, Y0
	TMULR(Y0, Y2, Y3, R14)
	VMOVUPD Y2, (BX)
	NEXTCTX(p2)
	ADDQ $4, R13
	CMPQ R13, R8
	JLT  panel

	// backward: x[j:j+4] = (z[j:j+4] − x[j+4:n]·L[j+4:n, j:j+4])·L_dd⁻¹, from the last panel
	MOVQ R8, R13
	SUBQ $4, R13
pBwdBlock:
	MOVQ 208(SP), BX
	MOVQ BX, 200(SP)
pBwd:
	LOADCTX
	LEAQ (AX)(R13*8), BX
	VMOVUPD (BX), Y0
	VXORPD Y1, Y1, Y1
	MOVQ R8, CX
	SUBQ R13, CX
	SUBQ $4, CX
	SHRQ $1, CX
	JZ   pBSum
	// the rows from the last up, so that x[j+4:j+8], the newest, come last in the chains
	LEAQ -2(R8), SI
	IMULQ R9, SI
	ADDQ R10, SI
	LEAQ (SI)(R13*8), SI
	LEAQ -16(AX)(R8*8), DI
	MOVQ R9, DX
	SHLQ $1, DX
pBLoop:
	VMOVUPD      (SI)(R9*1), Y8
	VMOVUPD      (SI), Y9
	VBROADCASTSD 8(DI), Y10
	VFNMADD231PD Y10, Y8, Y0
	VBROADCASTSD (DI), Y11
	VFNMADD231PD Y11, Y9, Y1
	SUBQ         DX, SI
	SUBQ         $16, DI
	DECQ         CX
	JNZ          pBLoop
pBSum:
	VADDPD Y1, Y0, Y0
	LEAQ 128(R14), DX
	TMULR(Y0, Y2, Y3, DX)
	VMOVUPD Y2, (BX)
	NEXTCTX(pBwd)
	SUBQ $4, R13
	JGE  pBwdBlock

done:
	MOVQ $1, ret+24(FP)
	VZEROUPPER
	RET

fail:
	MOVQ $0, ret+24(FP)
	VZEROUPPER
	RET
