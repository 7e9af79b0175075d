//go:build !purego && !noasm

#include "textflag.h"

// Fast tanh and sigmoid, eight float32 lanes per step: the formulas of act.go (the Go
// versions tanhFast32 and sigmoidFast32 are the scalar reading of these loops).

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

// func tanhAVX2(dst, src *float32, n int)
// dst[i] = tanh src[i]; n is a multiple of 8; dst may alias src exactly.
TEXT ·tanhAVX2(SB), NOSPLIT, $0-24
	MOVQ dst+0(FP), DI
	MOVQ src+8(FP), SI
	MOVQ n+16(FP), CX
tanh8:
	TESTQ CX, CX
	JZ    tanhdone
	VMOVUPS      (SI), Y0           // x
	VBROADCASTSS actc<>+0(SB), Y15
	VANDPS       Y15, Y0, Y1        // a = |x|
	VXORPS       Y1, Y0, Y2         // sign bits of x
	// Small |x|: a + a·z·P(z), z = a².
	VMULPS       Y1, Y1, Y3
	VBROADCASTSS actc<>+60(SB), Y4  // P0
	VBROADCASTSS actc<>+64(SB), Y15
	VFMADD213PS  Y15, Y3, Y4        // p = p·z + P1
	VBROADCASTSS actc<>+68(SB), Y15
	VFMADD213PS  Y15, Y3, Y4
	VBROADCASTSS actc<>+72(SB), Y15
	VFMADD213PS  Y15, Y3, Y4
	VBROADCASTSS actc<>+76(SB), Y15
	VFMADD213PS  Y15, Y3, Y4        // p = p·z + P4
	VMULPS       Y3, Y4, Y4         // p·z
	VFMADD213PS  Y1, Y1, Y4         // a + a·(p·z)
	// Large |x|: (1 − e)/(1 + e), e = exp(−2·min(a, 9)).
	VBROADCASTSS actc<>+12(SB), Y15
	VMINPS       Y15, Y1, Y5
	VBROADCASTSS actc<>+16(SB), Y15
	VMULPS       Y15, Y5, Y5        // y = −2·min(a, 9)
	// e = exp(y) for y = Y5 ∈ [−160, 0] (clobbers Y5, Y6, Y8, Y15); Y7 = e.
	VBROADCASTSS actc<>+24(SB), Y15  // log2 e
	VMULPS       Y15, Y5, Y6
	VROUNDPS     $0, Y6, Y6  // n = round(y·log2 e)
	VBROADCASTSS actc<>+28(SB), Y15
	VFMADD231PS  Y15, Y6, Y5  // r = y − n·C1
	VBROADCASTSS actc<>+32(SB), Y15
	VFMADD231PS  Y15, Y6, Y5  // r −= n·C2
	VBROADCASTSS actc<>+36(SB), Y7  // p = P0
	VBROADCASTSS actc<>+40(SB), Y15
	VFMADD213PS  Y15, Y5, Y7  // p = p·r + P1
	VBROADCASTSS actc<>+44(SB), Y15
	VFMADD213PS  Y15, Y5, Y7
	VBROADCASTSS actc<>+48(SB), Y15
	VFMADD213PS  Y15, Y5, Y7
	VBROADCASTSS actc<>+52(SB), Y15
	VFMADD213PS  Y15, Y5, Y7
	VBROADCASTSS actc<>+56(SB), Y15
	VFMADD213PS  Y15, Y5, Y7  // p = p·r + P5
	VMULPS       Y5, Y5, Y8  // r²
	VFMADD213PS  Y5, Y8, Y7  // p·r² + r
	VBROADCASTSS actc<>+4(SB), Y15
	VADDPS       Y15, Y7, Y7  // e^r = 1 + r + p·r²
	VCVTPS2DQ    Y6, Y6
	VBROADCASTSS actc<>+80(SB), Y15
	VPADDD       Y15, Y6, Y6
	VPSLLD       $23, Y6, Y6  // 2^n
	VMULPS       Y6, Y7, Y7  // e^y = e^r·2^n
	VBROADCASTSS actc<>+4(SB), Y15
	VSUBPS       Y7, Y15, Y8        // 1 − e
	VADDPS       Y7, Y15, Y9        // 1 + e
	VDIVPS       Y9, Y8, Y8
	VBROADCASTSS actc<>+8(SB), Y15
	VCMPPS       $1, Y15, Y1, Y10   // a < 0.625 (false for NaN)
	VBLENDVPS    Y10, Y4, Y8, Y8    // small ? polynomial : exp form
	VORPS        Y2, Y8, Y8         // sign of x
	VCMPPS       $3, Y0, Y0, Y11    // x is NaN
	VBLENDVPS    Y11, Y0, Y8, Y8    // NaN stays NaN
	VMOVUPS      Y8, (DI)
	ADDQ $32, SI
	ADDQ $32, DI
	SUBQ $8, CX
	JMP  tanh8
tanhdone:
	VZEROUPPER
	RET

// func sigmoidAVX2(dst, src *float32, n int)
// dst[i] = 1/(1+e^−src[i]); n is a multiple of 8; dst may alias src exactly.
TEXT ·sigmoidAVX2(SB), NOSPLIT, $0-24
	MOVQ dst+0(FP), DI
	MOVQ src+8(FP), SI
	MOVQ n+16(FP), CX
	VXORPS Y14, Y14, Y14            // 0
sig8:
	TESTQ CX, CX
	JZ    sigdone
	VMOVUPS      (SI), Y0           // x
	VBROADCASTSS actc<>+0(SB), Y15
	VANDPS       Y15, Y0, Y1        // a = |x|
	VBROADCASTSS actc<>+20(SB), Y15
	VMINPS       Y15, Y1, Y5
	VSUBPS       Y5, Y14, Y5        // y = −min(a, 80)
	// e = exp(y) for y = Y5 ∈ [−160, 0] (clobbers Y5, Y6, Y8, Y15); Y7 = e.
	VBROADCASTSS actc<>+24(SB), Y15  // log2 e
	VMULPS       Y15, Y5, Y6
	VROUNDPS     $0, Y6, Y6  // n = round(y·log2 e)
	VBROADCASTSS actc<>+28(SB), Y15
	VFMADD231PS  Y15, Y6, Y5  // r = y − n·C1
	VBROADCASTSS actc<>+32(SB), Y15
	VFMADD231PS  Y15, Y6, Y5  // r −= n·C2
	VBROADCASTSS actc<>+36(SB), Y7  // p = P0
	VBROADCASTSS actc<>+40(SB), Y15
	VFMADD213PS  Y15, Y5, Y7  // p = p·r + P1
	VBROADCASTSS actc<>+44(SB), Y15
	VFMADD213PS  Y15, Y5, Y7
	VBROADCASTSS actc<>+48(SB), Y15
	VFMADD213PS  Y15, Y5, Y7
	VBROADCASTSS actc<>+52(SB), Y15
	VFMADD213PS  Y15, Y5, Y7
	VBROADCASTSS actc<>+56(SB), Y15
	VFMADD213PS  Y15, Y5, Y7  // p = p·r + P5
	VMULPS       Y5, Y5, Y8  // r²
	VFMADD213PS  Y5, Y8, Y7  // p·r² + r
	VBROADCASTSS actc<>+4(SB), Y15
	VADDPS       Y15, Y7, Y7  // e^r = 1 + r + p·r²
	VCVTPS2DQ    Y6, Y6
	VBROADCASTSS actc<>+80(SB), Y15
	VPADDD       Y15, Y6, Y6
	VPSLLD       $23, Y6, Y6  // 2^n
	VMULPS       Y6, Y7, Y7  // e^y = e^r·2^n
	VBROADCASTSS actc<>+4(SB), Y15
	VADDPS       Y7, Y15, Y9        // 1 + e
	VDIVPS       Y9, Y15, Y8        // s = 1/(1 + e)
	VMULPS       Y8, Y7, Y9         // e·s = e/(1 + e)
	VBLENDVPS    Y0, Y9, Y8, Y8     // sign bit of x set ? e·s : s
	VCMPPS       $3, Y0, Y0, Y11    // x is NaN
	VBLENDVPS    Y11, Y0, Y8, Y8    // NaN stays NaN
	VMOVUPS      Y8, (DI)
	ADDQ $32, SI
	ADDQ $32, DI
	SUBQ $8, CX
	JMP  sig8
sigdone:
	VZEROUPPER
	RET
