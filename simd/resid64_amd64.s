//go:build !purego && !noasm

#include "textflag.h"

DATA residc<>+0(SB)/8, $0x7fffffffffffffff // |x| mask
DATA residc<>+8(SB)/8, $0x7fefffffffffffff // math.MaxFloat64
GLOBL residc<>(SB), RODATA|NOPTR, $16

// func residualRowsAVX2(n int, sh, tol float64, p *[11]*float64, out *[2]float64) int
// Four rows at a time, in the order of operations of residualRows64Go: the sum s and the
// scale of the terms accumulate in the same order, q = |x|/scale (set to 0 where x = 0),
// diag the same sums (products and adds, not fused); a row's contribution to the bound is
// q where q ≤ tol and |x|/diag elsewhere. Accumulators: Y11 worst, Y10 bound, Y12 rows that
// pass (all ones while every row does), Y9 rows whose q is finite.
TEXT ·residualRowsAVX2(SB), NOSPLIT, $0-48
	MOVQ n+0(FP), DX
	SHLQ $3, DX
	VBROADCASTSD sh+8(FP), Y14
	VBROADCASTSD tol+16(FP), Y13
	VBROADCASTSD residc<>+0(SB), Y15
	VBROADCASTSD residc<>+8(SB), Y8
	MOVQ p+24(FP), AX
	MOVQ 0(AX), R8    // b
	MOVQ 8(AX), R9    // v
	MOVQ 16(AX), R10  // wp
	MOVQ 24(AX), R11  // wc
	MOVQ 32(AX), R12  // wn
	MOVQ 40(AX), R13  // vp
	MOVQ 48(AX), R14  // vn
	MOVQ 56(AX), R15  // gp
	MOVQ 64(AX), SI   // gc
	MOVQ 72(AX), DI   // gn
	MOVQ 80(AX), BX   // e
	VXORPD Y11, Y11, Y11
	VXORPD Y10, Y10, Y10
	VPCMPEQQ Y12, Y12, Y12
	VPCMPEQQ Y9, Y9, Y9
	XORQ CX, CX
loop:
	VMOVUPD (R9)(CX*1), Y0        // v
	VMULPD Y14, Y0, Y1            // s = sh·v
	VANDPD Y15, Y1, Y2
	VMOVUPD (R8)(CX*1), Y3        // b
	VANDPD Y15, Y3, Y4
	VADDPD Y4, Y2, Y2             // own = |sh·v| + |b|
	VMOVUPD (R10)(CX*1), Y4
	VADDPD Y4, Y1, Y1
	VANDPD Y15, Y4, Y4
	VADDPD Y4, Y2, Y5             // scale = own + |wp|
	VMOVUPD (R11)(CX*1), Y4
	VADDPD Y4, Y1, Y1
	VANDPD Y15, Y4, Y4
	VADDPD Y4, Y5, Y5
	VMOVUPD (R12)(CX*1), Y4
	VADDPD Y4, Y1, Y1
	VANDPD Y15, Y4, Y4
	VADDPD Y4, Y5, Y5
	VSUBPD Y1, Y3, Y1             // x = b − s
	VMOVUPD Y1, (BX)(CX*1)
	VANDPD Y15, Y1, Y1            // |x|
	VDIVPD Y5, Y1, Y5             // q
	VXORPD Y6, Y6, Y6
	VCMPPD $0, Y6, Y1, Y6         // x = 0
	VANDNPD Y5, Y6, Y5            // q = 0 there
	VCMPPD $2, Y8, Y5, Y7         // q ≤ MaxFloat64: finite
	VANDPD Y7, Y9, Y9
	VMAXPD Y5, Y11, Y11
	// diag = own + gp·|vp| + gc·|v| + gn·|vn|
	VMOVUPD (R13)(CX*1), Y3
	VANDPD Y15, Y3, Y3
	VMULPD (R15)(CX*1), Y3, Y3
	VADDPD Y3, Y2, Y2
	VANDPD Y15, Y0, Y0
	VMULPD (SI)(CX*1), Y0, Y0
	VADDPD Y0, Y2, Y2
	VMOVUPD (R14)(CX*1), Y3
	VANDPD Y15, Y3, Y3
	VMULPD (DI)(CX*1), Y3, Y3
	VADDPD Y3, Y2, Y2
	VCMPPD $2, Y13, Y5, Y6        // q ≤ tol
	VMULPD Y13, Y2, Y3
	VCMPPD $2, Y3, Y1, Y7         // |x| ≤ tol·diag
	VORPD Y6, Y7, Y7
	VANDPD Y7, Y12, Y12
	VDIVPD Y2, Y1, Y3             // |x|/diag
	VBLENDVPD Y6, Y5, Y3, Y3      // q where q ≤ tol
	VMAXPD Y3, Y10, Y10
	ADDQ $32, CX
	CMPQ CX, DX
	JLT  loop
	// worst and bound: the largest lane
	VEXTRACTF128 $1, Y11, X0
	VMAXPD X0, X11, X0
	VPERMILPD $1, X0, X1
	VMAXSD X1, X0, X0
	VEXTRACTF128 $1, Y10, X2
	VMAXPD X2, X10, X2
	VPERMILPD $1, X2, X3
	VMAXSD X3, X2, X2
	MOVQ out+32(FP), AX
	MOVSD X2, 8(AX)
	XORQ CX, CX
	VMOVMSKPD Y9, DX
	CMPQ DX, $15
	JNE  nonfinite
	MOVSD X0, 0(AX)
	VMOVMSKPD Y12, DX
	CMPQ DX, $15
	JNE  done
	MOVQ $1, CX
done:
	MOVQ CX, ret+40(FP)
	VZEROUPPER
	RET
nonfinite:
	MOVQ $0x7ff0000000000000, DX
	MOVQ DX, 0(AX)
	MOVQ CX, ret+40(FP)
	VZEROUPPER
	RET
