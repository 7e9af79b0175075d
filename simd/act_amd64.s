//go:build !purego && !noasm

#include "textflag.h"

// The end of a dense layer, eight float32 lanes per step: bias add, activation and its
// derivative in one pass over the pre-activations. The tanh and sigmoid are the formulas
// of act.go (the Go versions tanhFast32 and sigmoidFast32 are their scalar reading); the
// derivatives are computed from the activation as actDerivGeneric does, with the same
// operations in the same order.

// Constants, one float32 each, broadcast where used.
DATA actc<>+0(SB)/4, $0x7fffffff // |x| mask
DATA actc<>+4(SB)/4, $0x3f800000 // one = 1
DATA actc<>+8(SB)/4, $0x3f200000 // tanhSmall = 0.625
DATA actc<>+12(SB)/4, $0x41100000 // tanhClamp = 9
DATA actc<>+16(SB)/4, $0xc0000000 // minus2 = -2
DATA actc<>+20(SB)/4, $0x42a00000 // sigClamp = 80
DATA actc<>+24(SB)/4, $0x3fb8aa3b // log2e = 1.442695
DATA actc<>+28(SB)/4, $0xbf318000 // negC1 = -0.6933594
DATA actc<>+32(SB)/4, $0x395e8083 // negC2 = 0.00021219444
DATA actc<>+36(SB)/4, $0x39506967 // expP0 = 0.00019875691
DATA actc<>+40(SB)/4, $0x3ab743ce // expP1 = 0.0013981999
DATA actc<>+44(SB)/4, $0x3c088908 // expP2 = 0.008333452
DATA actc<>+48(SB)/4, $0x3d2aa9c1 // expP3 = 0.041665796
DATA actc<>+52(SB)/4, $0x3e2aaaaa // expP4 = 0.16666666
DATA actc<>+56(SB)/4, $0x3f000000 // expP5 = 0.5
DATA actc<>+60(SB)/4, $0xbbbaf0ea // tanhP0 = -0.0057049887
DATA actc<>+64(SB)/4, $0x3ca9134e // tanhP1 = 0.020639088
DATA actc<>+68(SB)/4, $0xbd5c1e2d // tanhP2 = -0.053739715
DATA actc<>+72(SB)/4, $0x3e088393 // tanhP3 = 0.13331442
DATA actc<>+76(SB)/4, $0xbeaaaa99 // tanhP4 = -0.3333328
DATA actc<>+80(SB)/4, $127       // float32 exponent bias (int32)
GLOBL actc<>(SB), RODATA|NOPTR, $84

// EXPNEG sets Y7 = e^y for y = Y5 ∈ [−160, 0]; clobbers Y5, Y6, Y8, Y15; needs Y13 = 1.
// y = n·ln2 + r, e^r = 1 + r + r²·P(r), 2^n built in the exponent bits.
#define EXPNEG \
	VBROADCASTSS actc<>+24(SB), Y15; \
	VMULPS       Y15, Y5, Y6; \
	VROUNDPS     $0, Y6, Y6; \
	VBROADCASTSS actc<>+28(SB), Y15; \
	VFMADD231PS  Y15, Y6, Y5; \
	VBROADCASTSS actc<>+32(SB), Y15; \
	VFMADD231PS  Y15, Y6, Y5; \
	VBROADCASTSS actc<>+36(SB), Y7; \
	VBROADCASTSS actc<>+40(SB), Y15; \
	VFMADD213PS  Y15, Y5, Y7; \
	VBROADCASTSS actc<>+44(SB), Y15; \
	VFMADD213PS  Y15, Y5, Y7; \
	VBROADCASTSS actc<>+48(SB), Y15; \
	VFMADD213PS  Y15, Y5, Y7; \
	VBROADCASTSS actc<>+52(SB), Y15; \
	VFMADD213PS  Y15, Y5, Y7; \
	VBROADCASTSS actc<>+56(SB), Y15; \
	VFMADD213PS  Y15, Y5, Y7; \
	VMULPS       Y5, Y5, Y8; \
	VFMADD213PS  Y5, Y8, Y7; \
	VADDPS       Y13, Y7, Y7; \
	VCVTPS2DQ    Y6, Y6; \
	VBROADCASTSS actc<>+80(SB), Y15; \
	VPADDD       Y15, Y6, Y6; \
	VPSLLD       $23, Y6, Y6; \
	VMULPS       Y6, Y7, Y7

// TANH8 sets Y8 = tanh Y0; clobbers Y1–Y11, Y15; needs Y13 = 1, Y14 = |x| mask.
// |x| < 0.625: a + a·z·P(z), z = a², a = |x|; otherwise (1 − e)/(1 + e) with
// e = exp(−2·min(a, 9)); then the sign of x, and NaN stays NaN.
#define TANH8 \
	VANDPS       Y14, Y0, Y1; \
	VXORPS       Y1, Y0, Y2; \
	VMULPS       Y1, Y1, Y3; \
	VBROADCASTSS actc<>+60(SB), Y4; \
	VBROADCASTSS actc<>+64(SB), Y15; \
	VFMADD213PS  Y15, Y3, Y4; \
	VBROADCASTSS actc<>+68(SB), Y15; \
	VFMADD213PS  Y15, Y3, Y4; \
	VBROADCASTSS actc<>+72(SB), Y15; \
	VFMADD213PS  Y15, Y3, Y4; \
	VBROADCASTSS actc<>+76(SB), Y15; \
	VFMADD213PS  Y15, Y3, Y4; \
	VMULPS       Y3, Y4, Y4; \
	VFMADD213PS  Y1, Y1, Y4; \
	VBROADCASTSS actc<>+12(SB), Y15; \
	VMINPS       Y15, Y1, Y5; \
	VBROADCASTSS actc<>+16(SB), Y15; \
	VMULPS       Y15, Y5, Y5; \
	EXPNEG; \
	VSUBPS       Y7, Y13, Y8; \
	VADDPS       Y7, Y13, Y9; \
	VDIVPS       Y9, Y8, Y8; \
	VBROADCASTSS actc<>+8(SB), Y15; \
	VCMPPS       $1, Y15, Y1, Y10; \
	VBLENDVPS    Y10, Y4, Y8, Y8; \
	VORPS        Y2, Y8, Y8; \
	VCMPPS       $3, Y0, Y0, Y11; \
	VBLENDVPS    Y11, Y0, Y8, Y8

// SIGMOID8 sets Y8 = 1/(1 + e^−Y0); clobbers Y1, Y5–Y11, Y15; needs Y13 = 1, Y14 = |x| mask.
// e = exp(−min(|x|, 80)); s = 1/(1 + e) for x ≥ 0 and e·s for x < 0; NaN stays NaN.
#define SIGMOID8 \
	VXORPS       Y10, Y10, Y10; \
	VANDPS       Y14, Y0, Y1; \
	VBROADCASTSS actc<>+20(SB), Y15; \
	VMINPS       Y15, Y1, Y5; \
	VSUBPS       Y5, Y10, Y5; \
	EXPNEG; \
	VADDPS       Y7, Y13, Y9; \
	VDIVPS       Y9, Y13, Y8; \
	VMULPS       Y8, Y7, Y9; \
	VBLENDVPS    Y0, Y9, Y8, Y8; \
	VCMPPS       $3, Y0, Y0, Y11; \
	VBLENDVPS    Y11, Y0, Y8, Y8

// func biasActAVX2(act, rows, n, ld int, beta float32, b, u, h, d *float32, mask *int32)
// For each of rows rows of u (row i at u + i·ld, likewise h and d) and each j < n (n ≥ 1):
// when b != nil, u[j] += beta·b[j] (fused multiply-add, stored back); h[j] = φ(u[j]);
// when d != nil, d[j] = φ'(u[j]) from h[j]. act is an Activation (Identity 0, Tanh 1,
// ReLU 2, Sigmoid 3). h may be u itself. When n is not a multiple of 8, mask points to
// n mod 8 set lanes and the last block of each row is loaded and stored through it, so
// every element runs the same code.
//
// Registers: SI, DI, R8 the rows of u, h, d; BX b; CX the byte offset in the row; R11
// the row length in bytes; Y12 beta, Y13 1, Y14 the |x| mask.
TEXT ·biasActAVX2(SB), NOSPLIT, $0-80
	MOVQ rows+8(FP), R10
	MOVQ n+16(FP), R11
	SHLQ $2, R11
	MOVQ ld+24(FP), R12
	SHLQ $2, R12
	VBROADCASTSS beta+32(FP), Y12
	MOVQ b+40(FP), BX
	MOVQ u+48(FP), SI
	MOVQ h+56(FP), DI
	MOVQ d+64(FP), R8
	MOVQ mask+72(FP), DX
	VBROADCASTSS actc<>+4(SB), Y13
	VBROADCASTSS actc<>+0(SB), Y14

row:
	XORQ CX, CX
blk:
	MOVQ R11, AX
	SUBQ CX, AX
	CMPQ AX, $32
	JLT  tailload
	VMOVUPS (SI)(CX*1), Y0
	TESTQ   BX, BX
	JZ      act
	VFMADD231PS (BX)(CX*1), Y12, Y0 // u += beta·b
	VMOVUPS Y0, (SI)(CX*1)
	JMP     act
tailload:
	VMOVUPS    (DX), Y15
	VMASKMOVPS (SI)(CX*1), Y15, Y0
	TESTQ      BX, BX
	JZ         act
	VMASKMOVPS (BX)(CX*1), Y15, Y1
	VFMADD231PS Y1, Y12, Y0
	VMASKMOVPS Y0, Y15, (SI)(CX*1)

act: // Y8 = φ(u), Y9 = φ'(u)
	CMPQ act+0(FP), $1
	JEQ  tanh
	CMPQ act+0(FP), $2
	JEQ  relu
	CMPQ act+0(FP), $3
	JEQ  sigmoid
	VMOVAPS Y0, Y8                  // identity
	VMOVAPS Y13, Y9
	JMP     store
tanh:
	TANH8
	VMULPS Y8, Y8, Y9
	VSUBPS Y9, Y13, Y9              // 1 − h²
	JMP    store
relu:
	VXORPS Y10, Y10, Y10
	VMAXPS Y10, Y0, Y8              // u > 0 ? u : 0 (0 for NaN and −0)
	VCMPPS $1, Y0, Y10, Y9          // 0 < u (false for NaN)
	VANDPS Y13, Y9, Y9              // 1 or 0
	JMP    store
sigmoid:
	SIGMOID8
	VSUBPS Y8, Y13, Y9              // 1 − h
	VMULPS Y9, Y8, Y9               // h·(1 − h)

store:
	MOVQ R11, AX
	SUBQ CX, AX
	CMPQ AX, $32
	JLT  tailstore
	VMOVUPS Y8, (DI)(CX*1)
	TESTQ   R8, R8
	JZ      next
	VMOVUPS Y9, (R8)(CX*1)
	JMP     next
tailstore:
	VMOVUPS    (DX), Y15
	VMASKMOVPS Y8, Y15, (DI)(CX*1)
	TESTQ      R8, R8
	JZ         next
	VMASKMOVPS Y9, Y15, (R8)(CX*1)
next:
	ADDQ $32, CX
	CMPQ CX, R11
	JLT  blk
	ADDQ R12, SI
	ADDQ R12, DI
	TESTQ R8, R8
	JZ   nextrow
	ADDQ R12, R8
nextrow:
	DECQ R10
	JNZ  row
	VZEROUPPER
	RET
