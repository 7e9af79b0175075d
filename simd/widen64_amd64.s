//go:build !purego && !noasm

#include "textflag.h"

// func widen64AVX2(alpha float64, x *float32, y *float64, n int)
// y[i] = alpha*float64(x[i]) for i < n, n a positive multiple of 4: sixteen elements a step
// while they last, then four.
TEXT ·widen64AVX2(SB), NOSPLIT, $0-32
	VBROADCASTSD alpha+0(FP), Y15
	MOVQ         x+8(FP), SI
	MOVQ         y+16(FP), DI
	MOVQ         n+24(FP), CX

loop16:
	CMPQ      CX, $16
	JLT       loop4
	VCVTPS2PD (SI), Y0
	VCVTPS2PD 16(SI), Y1
	VCVTPS2PD 32(SI), Y2
	VCVTPS2PD 48(SI), Y3
	VMULPD    Y15, Y0, Y0
	VMULPD    Y15, Y1, Y1
	VMULPD    Y15, Y2, Y2
	VMULPD    Y15, Y3, Y3
	VMOVUPD   Y0, (DI)
	VMOVUPD   Y1, 32(DI)
	VMOVUPD   Y2, 64(DI)
	VMOVUPD   Y3, 96(DI)
	ADDQ      $64, SI
	ADDQ      $128, DI
	SUBQ      $16, CX
	JMP       loop16

loop4:
	TESTQ     CX, CX
	JZ        done
	VCVTPS2PD (SI), Y0
	VMULPD    Y15, Y0, Y0
	VMOVUPD   Y0, (DI)
	ADDQ      $16, SI
	ADDQ      $32, DI
	SUBQ      $4, CX
	JMP       loop4

done:
	VZEROUPPER
	RET
