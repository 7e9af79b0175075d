//go:build !purego && !noasm

#include "textflag.h"

// func hadamardScaledAdd64AVX2(alpha, beta float64, x, k, y *float64, n int)
// y[i] += x[i]*(alpha*k[i] + beta); n is a positive multiple of 4. Eight elements per step
// while they last, then four. Multiplies and adds are separate instructions (no FMA), so
// the rounding is the Go twin's.
TEXT ·hadamardScaledAdd64AVX2(SB), NOSPLIT, $0-48
	VBROADCASTSD alpha+0(FP), Y0
	VBROADCASTSD beta+8(FP), Y1
	MOVQ x+16(FP), SI
	MOVQ k+24(FP), DX
	MOVQ y+32(FP), DI
	MOVQ n+40(FP), CX
	CMPQ CX, $8
	JLT  four
loop8:
	VMULPD (DX), Y0, Y2      // alpha*k
	VMULPD 32(DX), Y0, Y3
	VADDPD Y1, Y2, Y2        // + beta
	VADDPD Y1, Y3, Y3
	VMULPD (SI), Y2, Y2      // x*(...)
	VMULPD 32(SI), Y3, Y3
	VADDPD (DI), Y2, Y2      // y + ...
	VADDPD 32(DI), Y3, Y3
	VMOVUPD Y2, (DI)
	VMOVUPD Y3, 32(DI)
	ADDQ $64, SI
	ADDQ $64, DX
	ADDQ $64, DI
	SUBQ $8, CX
	CMPQ CX, $8
	JGE  loop8
four:
	TESTQ CX, CX
	JZ   done
	VMULPD (DX), Y0, Y2
	VADDPD Y1, Y2, Y2
	VMULPD (SI), Y2, Y2
	VADDPD (DI), Y2, Y2
	VMOVUPD Y2, (DI)
done:
	VZEROUPPER
	RET
