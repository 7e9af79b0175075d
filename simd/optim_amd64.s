//go:build !purego && !noasm

#include "textflag.h"

// Fused optimizer updates over whole blocks of 8 float32 (Go handles the tails). Plain
// multiplies and adds in the order of the generic twins, so the results are bit-identical.

// func momentumAVX2(p, grad, v, vs *float32, n int, c, acc *float32)
// vs = v (when vs != nil); v = mu*v + g; p = p - lr*v; acc += (p+v)*0 per lane.
// c = [mu, lr].
TEXT ·momentumAVX2(SB), NOSPLIT, $0-56
	MOVQ p+0(FP), DI
	MOVQ grad+8(FP), SI
	MOVQ v+16(FP), R9
	MOVQ vs+24(FP), R10
	MOVQ n+32(FP), CX
	MOVQ c+40(FP), AX
	MOVQ acc+48(FP), DX
	VBROADCASTSS 0(AX), Y8
	VBROADCASTSS 4(AX), Y9
	VXORPS Y15, Y15, Y15
	VXORPS Y7, Y7, Y7
momloop:
	TESTQ CX, CX
	JZ    momdone
	VMOVUPS (R9), Y4
	TESTQ  R10, R10
	JZ     momnosave
	VMOVUPS Y4, (R10)
	ADDQ   $32, R10
momnosave:
	VMULPS Y4, Y8, Y1
	VADDPS (SI), Y1, Y1
	VMOVUPS Y1, (R9)
	VMULPS Y1, Y9, Y2
	VMOVUPS (DI), Y3
	VSUBPS Y2, Y3, Y3
	VMOVUPS Y3, (DI)
	VADDPS Y1, Y3, Y3
	VMULPS Y15, Y3, Y3
	VADDPS Y3, Y7, Y7
	ADDQ $32, DI
	ADDQ $32, SI
	ADDQ $32, R9
	SUBQ $8, CX
	JMP  momloop
momdone:
	VMOVUPS Y7, (DX)
	VZEROUPPER
	RET

// func adamAVX2(p, grad, m, v, ms, vs *float32, n int, c, acc *float32)
// ms, vs = m, v (when ms != nil); m = b1*m + gb1*g; v = b2*v + (gb2*g)*g;
// p = p - (step*m)/(sqrt(v)*sc + eps); acc += ((p+m)+v)*0 per lane.
// c = [b1, gb1, b2, gb2, step, sc, eps].
TEXT ·adamAVX2(SB), NOSPLIT, $0-72
	MOVQ p+0(FP), DI
	MOVQ grad+8(FP), SI
	MOVQ m+16(FP), R8
	MOVQ v+24(FP), R9
	MOVQ ms+32(FP), R10
	MOVQ vs+40(FP), R11
	MOVQ n+48(FP), CX
	MOVQ c+56(FP), AX
	MOVQ acc+64(FP), DX
	VBROADCASTSS 0(AX), Y8
	VBROADCASTSS 4(AX), Y9
	VBROADCASTSS 8(AX), Y10
	VBROADCASTSS 12(AX), Y11
	VBROADCASTSS 16(AX), Y12
	VBROADCASTSS 20(AX), Y13
	VBROADCASTSS 24(AX), Y14
	VXORPS Y15, Y15, Y15
	VXORPS Y7, Y7, Y7
adamloop:
	TESTQ CX, CX
	JZ    adamdone
	VMOVUPS (SI), Y0
	VMOVUPS (R8), Y4
	VMOVUPS (R9), Y5
	TESTQ  R10, R10
	JZ     adamnosave
	VMOVUPS Y4, (R10)
	VMOVUPS Y5, (R11)
	ADDQ   $32, R10
	ADDQ   $32, R11
adamnosave:
	VMULPS Y4, Y8, Y1
	VMULPS Y0, Y9, Y2
	VADDPS Y2, Y1, Y1
	VMULPS Y5, Y10, Y3
	VMULPS Y0, Y11, Y4
	VMULPS Y0, Y4, Y4
	VADDPS Y4, Y3, Y3
	VMOVUPS Y1, (R8)
	VMOVUPS Y3, (R9)
	VSQRTPS Y3, Y5
	VMULPS Y13, Y5, Y5
	VADDPS Y14, Y5, Y5
	VMULPS Y1, Y12, Y6
	VDIVPS Y5, Y6, Y6
	VMOVUPS (DI), Y2
	VSUBPS Y6, Y2, Y2
	VMOVUPS Y2, (DI)
	VADDPS Y1, Y2, Y2
	VADDPS Y3, Y2, Y2
	VMULPS Y15, Y2, Y2
	VADDPS Y2, Y7, Y7
	ADDQ $32, DI
	ADDQ $32, SI
	ADDQ $32, R8
	ADDQ $32, R9
	SUBQ $8, CX
	JMP  adamloop
adamdone:
	VMOVUPS Y7, (DX)
	VZEROUPPER
	RET
