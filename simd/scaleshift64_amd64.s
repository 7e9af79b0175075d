//go:build !purego && !noasm

#include "textflag.h"

// func scaleShift64AVX2(alpha, beta float64, x, y *float64, n, acc int)
// y[i] = alpha*x[i] + beta (acc = 0) or y[i] += alpha*x[i] + beta (acc = 1); n is a
// positive multiple of 4; x may be y. Separate multiplies and adds (no FMA), as the twin.
TEXT ·scaleShift64AVX2(SB), NOSPLIT, $0-48
	VBROADCASTSD alpha+0(FP), Y0
	VBROADCASTSD beta+8(FP), Y1
	MOVQ x+16(FP), SI
	MOVQ y+24(FP), DI
	MOVQ n+32(FP), CX
	MOVQ acc+40(FP), AX
	TESTQ AX, AX
	JNZ  acc4
set4:
	VMULPD (SI), Y0, Y2      // alpha*x
	VADDPD Y1, Y2, Y2        // + beta
	VMOVUPD Y2, (DI)
	ADDQ $32, SI
	ADDQ $32, DI
	SUBQ $4, CX
	JNZ  set4
	VZEROUPPER
	RET
acc4:
	VMULPD (SI), Y0, Y2
	VADDPD Y1, Y2, Y2
	VADDPD (DI), Y2, Y2      // y + (alpha*x + beta)
	VMOVUPD Y2, (DI)
	ADDQ $32, SI
	ADDQ $32, DI
	SUBQ $4, CX
	JNZ  acc4
	VZEROUPPER
	RET
