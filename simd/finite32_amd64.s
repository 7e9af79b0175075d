//go:build !purego && !noasm

#include "textflag.h"

// func finite32AVX2(x *float32, n int) bool
// ORs the bits of x − x over 32 elements per step into four accumulators (x − x is +0
// exactly when x is finite, NaN otherwise); the result is whether they stay all zero.
TEXT ·finite32AVX2(SB), NOSPLIT, $0-17
	MOVQ x+0(FP), SI
	MOVQ n+8(FP), CX
	SHRQ $5, CX
	VXORPS Y0, Y0, Y0
	VXORPS Y1, Y1, Y1
	VXORPS Y2, Y2, Y2
	VXORPS Y3, Y3, Y3
loop:
	VMOVUPS (SI), Y4
	VMOVUPS 32(SI), Y5
	VMOVUPS 64(SI), Y6
	VMOVUPS 96(SI), Y7
	VSUBPS  Y4, Y4, Y4
	VSUBPS  Y5, Y5, Y5
	VSUBPS  Y6, Y6, Y6
	VSUBPS  Y7, Y7, Y7
	VORPS   Y4, Y0, Y0
	VORPS   Y5, Y1, Y1
	VORPS   Y6, Y2, Y2
	VORPS   Y7, Y3, Y3
	ADDQ    $128, SI
	DECQ    CX
	JNZ     loop
	VORPS   Y1, Y0, Y0
	VORPS   Y3, Y2, Y2
	VORPS   Y2, Y0, Y0
	VPTEST  Y0, Y0
	SETEQ   ret+16(FP)
	VZEROUPPER
	RET
