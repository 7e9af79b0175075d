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
DATA actc<>+84(SB)/4, $0x80000000 // sign bit
DATA actc<>+88(SB)/4, $0xc1100000 // −tanhClamp = -9
GLOBL actc<>(SB), RODATA|NOPTR, $92

// The same constants, each repeated in a full 32-byte vector (actv<>+8·offset), for the
// AVX2 macros to use as memory operands: a load folded into the arithmetic instruction
// instead of a VBROADCASTSS of its own.
DATA actv<>+0(SB)/4, $0x7fffffff // |x| mask
DATA actv<>+4(SB)/4, $0x7fffffff
DATA actv<>+8(SB)/4, $0x7fffffff
DATA actv<>+12(SB)/4, $0x7fffffff
DATA actv<>+16(SB)/4, $0x7fffffff
DATA actv<>+20(SB)/4, $0x7fffffff
DATA actv<>+24(SB)/4, $0x7fffffff
DATA actv<>+28(SB)/4, $0x7fffffff
DATA actv<>+32(SB)/4, $0x3f800000 // one = 1
DATA actv<>+36(SB)/4, $0x3f800000
DATA actv<>+40(SB)/4, $0x3f800000
DATA actv<>+44(SB)/4, $0x3f800000
DATA actv<>+48(SB)/4, $0x3f800000
DATA actv<>+52(SB)/4, $0x3f800000
DATA actv<>+56(SB)/4, $0x3f800000
DATA actv<>+60(SB)/4, $0x3f800000
DATA actv<>+64(SB)/4, $0x3f200000 // tanhSmall = 0.625
DATA actv<>+68(SB)/4, $0x3f200000
DATA actv<>+72(SB)/4, $0x3f200000
DATA actv<>+76(SB)/4, $0x3f200000
DATA actv<>+80(SB)/4, $0x3f200000
DATA actv<>+84(SB)/4, $0x3f200000
DATA actv<>+88(SB)/4, $0x3f200000
DATA actv<>+92(SB)/4, $0x3f200000
DATA actv<>+96(SB)/4, $0x41100000 // tanhClamp = 9
DATA actv<>+100(SB)/4, $0x41100000
DATA actv<>+104(SB)/4, $0x41100000
DATA actv<>+108(SB)/4, $0x41100000
DATA actv<>+112(SB)/4, $0x41100000
DATA actv<>+116(SB)/4, $0x41100000
DATA actv<>+120(SB)/4, $0x41100000
DATA actv<>+124(SB)/4, $0x41100000
DATA actv<>+128(SB)/4, $0xc0000000 // minus2 = -2
DATA actv<>+132(SB)/4, $0xc0000000
DATA actv<>+136(SB)/4, $0xc0000000
DATA actv<>+140(SB)/4, $0xc0000000
DATA actv<>+144(SB)/4, $0xc0000000
DATA actv<>+148(SB)/4, $0xc0000000
DATA actv<>+152(SB)/4, $0xc0000000
DATA actv<>+156(SB)/4, $0xc0000000
DATA actv<>+160(SB)/4, $0x42a00000 // sigClamp = 80
DATA actv<>+164(SB)/4, $0x42a00000
DATA actv<>+168(SB)/4, $0x42a00000
DATA actv<>+172(SB)/4, $0x42a00000
DATA actv<>+176(SB)/4, $0x42a00000
DATA actv<>+180(SB)/4, $0x42a00000
DATA actv<>+184(SB)/4, $0x42a00000
DATA actv<>+188(SB)/4, $0x42a00000
DATA actv<>+192(SB)/4, $0x3fb8aa3b // log2e = 1.442695
DATA actv<>+196(SB)/4, $0x3fb8aa3b
DATA actv<>+200(SB)/4, $0x3fb8aa3b
DATA actv<>+204(SB)/4, $0x3fb8aa3b
DATA actv<>+208(SB)/4, $0x3fb8aa3b
DATA actv<>+212(SB)/4, $0x3fb8aa3b
DATA actv<>+216(SB)/4, $0x3fb8aa3b
DATA actv<>+220(SB)/4, $0x3fb8aa3b
DATA actv<>+224(SB)/4, $0xbf318000 // negC1 = -0.6933594
DATA actv<>+228(SB)/4, $0xbf318000
DATA actv<>+232(SB)/4, $0xbf318000
DATA actv<>+236(SB)/4, $0xbf318000
DATA actv<>+240(SB)/4, $0xbf318000
DATA actv<>+244(SB)/4, $0xbf318000
DATA actv<>+248(SB)/4, $0xbf318000
DATA actv<>+252(SB)/4, $0xbf318000
DATA actv<>+256(SB)/4, $0x395e8083 // negC2 = 0.00021219444
DATA actv<>+260(SB)/4, $0x395e8083
DATA actv<>+264(SB)/4, $0x395e8083
DATA actv<>+268(SB)/4, $0x395e8083
DATA actv<>+272(SB)/4, $0x395e8083
DATA actv<>+276(SB)/4, $0x395e8083
DATA actv<>+280(SB)/4, $0x395e8083
DATA actv<>+284(SB)/4, $0x395e8083
DATA actv<>+288(SB)/4, $0x39506967 // expP0 = 0.00019875691
DATA actv<>+292(SB)/4, $0x39506967
DATA actv<>+296(SB)/4, $0x39506967
DATA actv<>+300(SB)/4, $0x39506967
DATA actv<>+304(SB)/4, $0x39506967
DATA actv<>+308(SB)/4, $0x39506967
DATA actv<>+312(SB)/4, $0x39506967
DATA actv<>+316(SB)/4, $0x39506967
DATA actv<>+320(SB)/4, $0x3ab743ce // expP1 = 0.0013981999
DATA actv<>+324(SB)/4, $0x3ab743ce
DATA actv<>+328(SB)/4, $0x3ab743ce
DATA actv<>+332(SB)/4, $0x3ab743ce
DATA actv<>+336(SB)/4, $0x3ab743ce
DATA actv<>+340(SB)/4, $0x3ab743ce
DATA actv<>+344(SB)/4, $0x3ab743ce
DATA actv<>+348(SB)/4, $0x3ab743ce
DATA actv<>+352(SB)/4, $0x3c088908 // expP2 = 0.008333452
DATA actv<>+356(SB)/4, $0x3c088908
DATA actv<>+360(SB)/4, $0x3c088908
DATA actv<>+364(SB)/4, $0x3c088908
DATA actv<>+368(SB)/4, $0x3c088908
DATA actv<>+372(SB)/4, $0x3c088908
DATA actv<>+376(SB)/4, $0x3c088908
DATA actv<>+380(SB)/4, $0x3c088908
DATA actv<>+384(SB)/4, $0x3d2aa9c1 // expP3 = 0.041665796
DATA actv<>+388(SB)/4, $0x3d2aa9c1
DATA actv<>+392(SB)/4, $0x3d2aa9c1
DATA actv<>+396(SB)/4, $0x3d2aa9c1
DATA actv<>+400(SB)/4, $0x3d2aa9c1
DATA actv<>+404(SB)/4, $0x3d2aa9c1
DATA actv<>+408(SB)/4, $0x3d2aa9c1
DATA actv<>+412(SB)/4, $0x3d2aa9c1
DATA actv<>+416(SB)/4, $0x3e2aaaaa // expP4 = 0.16666666
DATA actv<>+420(SB)/4, $0x3e2aaaaa
DATA actv<>+424(SB)/4, $0x3e2aaaaa
DATA actv<>+428(SB)/4, $0x3e2aaaaa
DATA actv<>+432(SB)/4, $0x3e2aaaaa
DATA actv<>+436(SB)/4, $0x3e2aaaaa
DATA actv<>+440(SB)/4, $0x3e2aaaaa
DATA actv<>+444(SB)/4, $0x3e2aaaaa
DATA actv<>+448(SB)/4, $0x3f000000 // expP5 = 0.5
DATA actv<>+452(SB)/4, $0x3f000000
DATA actv<>+456(SB)/4, $0x3f000000
DATA actv<>+460(SB)/4, $0x3f000000
DATA actv<>+464(SB)/4, $0x3f000000
DATA actv<>+468(SB)/4, $0x3f000000
DATA actv<>+472(SB)/4, $0x3f000000
DATA actv<>+476(SB)/4, $0x3f000000
DATA actv<>+480(SB)/4, $0xbbbaf0ea // tanhP0 = -0.0057049887
DATA actv<>+484(SB)/4, $0xbbbaf0ea
DATA actv<>+488(SB)/4, $0xbbbaf0ea
DATA actv<>+492(SB)/4, $0xbbbaf0ea
DATA actv<>+496(SB)/4, $0xbbbaf0ea
DATA actv<>+500(SB)/4, $0xbbbaf0ea
DATA actv<>+504(SB)/4, $0xbbbaf0ea
DATA actv<>+508(SB)/4, $0xbbbaf0ea
DATA actv<>+512(SB)/4, $0x3ca9134e // tanhP1 = 0.020639088
DATA actv<>+516(SB)/4, $0x3ca9134e
DATA actv<>+520(SB)/4, $0x3ca9134e
DATA actv<>+524(SB)/4, $0x3ca9134e
DATA actv<>+528(SB)/4, $0x3ca9134e
DATA actv<>+532(SB)/4, $0x3ca9134e
DATA actv<>+536(SB)/4, $0x3ca9134e
DATA actv<>+540(SB)/4, $0x3ca9134e
DATA actv<>+544(SB)/4, $0xbd5c1e2d // tanhP2 = -0.053739715
DATA actv<>+548(SB)/4, $0xbd5c1e2d
DATA actv<>+552(SB)/4, $0xbd5c1e2d
DATA actv<>+556(SB)/4, $0xbd5c1e2d
DATA actv<>+560(SB)/4, $0xbd5c1e2d
DATA actv<>+564(SB)/4, $0xbd5c1e2d
DATA actv<>+568(SB)/4, $0xbd5c1e2d
DATA actv<>+572(SB)/4, $0xbd5c1e2d
DATA actv<>+576(SB)/4, $0x3e088393 // tanhP3 = 0.13331442
DATA actv<>+580(SB)/4, $0x3e088393
DATA actv<>+584(SB)/4, $0x3e088393
DATA actv<>+588(SB)/4, $0x3e088393
DATA actv<>+592(SB)/4, $0x3e088393
DATA actv<>+596(SB)/4, $0x3e088393
DATA actv<>+600(SB)/4, $0x3e088393
DATA actv<>+604(SB)/4, $0x3e088393
DATA actv<>+608(SB)/4, $0xbeaaaa99 // tanhP4 = -0.3333328
DATA actv<>+612(SB)/4, $0xbeaaaa99
DATA actv<>+616(SB)/4, $0xbeaaaa99
DATA actv<>+620(SB)/4, $0xbeaaaa99
DATA actv<>+624(SB)/4, $0xbeaaaa99
DATA actv<>+628(SB)/4, $0xbeaaaa99
DATA actv<>+632(SB)/4, $0xbeaaaa99
DATA actv<>+636(SB)/4, $0xbeaaaa99
DATA actv<>+640(SB)/4, $127 // float32 exponent bias (int32)
DATA actv<>+644(SB)/4, $127
DATA actv<>+648(SB)/4, $127
DATA actv<>+652(SB)/4, $127
DATA actv<>+656(SB)/4, $127
DATA actv<>+660(SB)/4, $127
DATA actv<>+664(SB)/4, $127
DATA actv<>+668(SB)/4, $127
DATA actv<>+672(SB)/4, $0x80000000 // sign bit
DATA actv<>+676(SB)/4, $0x80000000
DATA actv<>+680(SB)/4, $0x80000000
DATA actv<>+684(SB)/4, $0x80000000
DATA actv<>+688(SB)/4, $0x80000000
DATA actv<>+692(SB)/4, $0x80000000
DATA actv<>+696(SB)/4, $0x80000000
DATA actv<>+700(SB)/4, $0x80000000
DATA actv<>+704(SB)/4, $0xc1100000 // −tanhClamp = -9
DATA actv<>+708(SB)/4, $0xc1100000
DATA actv<>+712(SB)/4, $0xc1100000
DATA actv<>+716(SB)/4, $0xc1100000
DATA actv<>+720(SB)/4, $0xc1100000
DATA actv<>+724(SB)/4, $0xc1100000
DATA actv<>+728(SB)/4, $0xc1100000
DATA actv<>+732(SB)/4, $0xc1100000
DATA actv<>+736(SB)/4, $0x4038aa3b // 2·log2e = 2.88539 (exactly twice log2e)
DATA actv<>+740(SB)/4, $0x4038aa3b
DATA actv<>+744(SB)/4, $0x4038aa3b
DATA actv<>+748(SB)/4, $0x4038aa3b
DATA actv<>+752(SB)/4, $0x4038aa3b
DATA actv<>+756(SB)/4, $0x4038aa3b
DATA actv<>+760(SB)/4, $0x4038aa3b
DATA actv<>+764(SB)/4, $0x4038aa3b
GLOBL actv<>(SB), RODATA|NOPTR, $768

// EXPNEG sets Y7 = e^r and Y6 = 2^n, e^y = Y7·Y6 exactly, for y = Y5 ∈ [−160, 0]; clobbers
// Y5, Y8–Y10; needs Y13 = 1.
// y = n·ln2 + r, e^r = 1 + r + r²·P(r), 2^n built in the exponent bits. P is evaluated
// in Estrin's form, (P5 + P4·r) + r²·((P3 + P2·r) + r²·(P1 + P0·r)): three independent
// multiply-adds, then two, which shortens the dependency chain the out-of-order window
// has to cover. The product with 2^n is exact, so the callers fold it into the next
// operation: 1 ± e^y is one fused multiply-add, rounded once as 1 ± (rounded e^y) is.
#define EXPNEG \
	VMULPS       actv<>+192(SB), Y5, Y6; \
	VROUNDPS     $0, Y6, Y6; \
	VFMADD231PS  actv<>+224(SB), Y6, Y5; \
	VFMADD231PS  actv<>+256(SB), Y6, Y5; \
	VMULPS       Y5, Y5, Y8; \
	VBROADCASTSS actc<>+52(SB), Y7; \
	VFMADD213PS  actv<>+448(SB), Y5, Y7; \
	VBROADCASTSS actc<>+44(SB), Y9; \
	VFMADD213PS  actv<>+384(SB), Y5, Y9; \
	VBROADCASTSS actc<>+36(SB), Y10; \
	VFMADD213PS  actv<>+320(SB), Y5, Y10; \
	VFMADD213PS  Y9, Y8, Y10; \
	VFMADD213PS  Y7, Y8, Y10; \
	VFMADD213PS  Y5, Y8, Y10; \
	VADDPS       Y13, Y10, Y7; \
	VCVTPS2DQ    Y6, Y6; \
	VPADDD       actv<>+640(SB), Y6, Y6; \
	VPSLLD       $23, Y6, Y6

// TANH8 sets Y8 = tanh Y0; clobbers Y1–Y10, Y15; needs Y13 = 1, Y14 = |x| mask.
// |x| < 0.625: a + a·z·P(z), z = a², a = |x|, P in Estrin's form
// (P4 + P3·z) + z²·((P2 + P1·z) + z²·P0); otherwise (1 − e)/(1 + e) with
// e = exp(y), y = −2·min(a, 9); then the sign of x. y is formed as 2·max(−|x|, −9)
// (−|x| by setting the sign bit, then VMAXPS with −9 as its first source and an
// addition): the same value, and a NaN x comes out of VMAXPS and flows through to the
// result, so NaN stays NaN with no blend.
#define TANH8 \
	VANDPS       Y14, Y0, Y1; \
	VXORPS       Y1, Y0, Y2; \
	VMULPS       Y1, Y1, Y3; \
	VMULPS       Y3, Y3, Y10; \
	VBROADCASTSS actc<>+72(SB), Y4; \
	VFMADD213PS  actv<>+608(SB), Y3, Y4; \
	VBROADCASTSS actc<>+64(SB), Y9; \
	VFMADD213PS  actv<>+544(SB), Y3, Y9; \
	VBROADCASTSS actc<>+60(SB), Y15; \
	VFMADD213PS  Y9, Y10, Y15; \
	VFMADD213PS  Y4, Y10, Y15; \
	VMULPS       Y3, Y15, Y4; \
	VFMADD213PS  Y1, Y1, Y4; \
	VORPS        actv<>+672(SB), Y0, Y5; \
	VBROADCASTSS actc<>+88(SB), Y15; \
	VMAXPS       Y5, Y15, Y5; \
	VADDPS       Y5, Y5, Y5; \
	EXPNEG; \
	VMOVAPS      Y7, Y8; \
	VFNMADD213PS Y13, Y6, Y8; \
	VFMADD213PS  Y13, Y6, Y7; \
	VDIVPS       Y7, Y8, Y8; \
	VCMPPS       $1, actv<>+64(SB), Y1, Y10; \
	VBLENDVPS    Y10, Y4, Y8, Y8; \
	VORPS        Y2, Y8, Y8

// TANH8X2 is TANH8 for two blocks, interleaved instruction by instruction so that two
// independent chains are in flight: the block at (SI)(R9*1), input Y0, result Y3, in
// Y0–Y5, and the block at 32(SI)(R9*1), input Y6, result Y9, in Y6–Y11; Y15 holds −9 for
// both; needs Y13 = 1, Y14 = |x| mask, and leaves Y12–Y14 alone. Each input must also be
// in memory at its address (the polynomial for |x| < 0.625 and the sign read it again
// there instead of holding x in a register through the exponential). Per block the
// operations are TANH8's with the same operands, reordered (the exponential branch first)
// and with fused multiply-adds in their other operand order where that frees a register
// (P0·z² + q as VFMADD231PS of P0 into q; the sign as x AND the sign bit, which is x XOR
// |x|), and y·log2 e formed as m·(2·log2 e) from m = max(−|x|, −9) beside y = m + m, off
// the chain (both products are the exact m·2·log2 e, rounded once): the same values bit
// for bit.
#define TANH8X2 \
	VORPS        actv<>+672(SB), Y0, Y1; \
	VORPS        actv<>+672(SB), Y6, Y7; \
	VBROADCASTSS actc<>+88(SB), Y15; \
	VMAXPS       Y1, Y15, Y1; \
	VMAXPS       Y7, Y15, Y7; \
	VMULPS       actv<>+736(SB), Y1, Y2; \
	VMULPS       actv<>+736(SB), Y7, Y8; \
	VADDPS       Y1, Y1, Y1; \
	VADDPS       Y7, Y7, Y7; \
	VROUNDPS     $0, Y2, Y2; \
	VROUNDPS     $0, Y8, Y8; \
	VFMADD231PS  actv<>+224(SB), Y2, Y1; \
	VFMADD231PS  actv<>+224(SB), Y8, Y7; \
	VFMADD231PS  actv<>+256(SB), Y2, Y1; \
	VFMADD231PS  actv<>+256(SB), Y8, Y7; \
	VMULPS       Y1, Y1, Y3; \
	VMULPS       Y7, Y7, Y9; \
	VBROADCASTSS actc<>+52(SB), Y4; \
	VBROADCASTSS actc<>+52(SB), Y10; \
	VFMADD213PS  actv<>+448(SB), Y1, Y4; \
	VFMADD213PS  actv<>+448(SB), Y7, Y10; \
	VBROADCASTSS actc<>+44(SB), Y5; \
	VBROADCASTSS actc<>+44(SB), Y11; \
	VFMADD213PS  actv<>+384(SB), Y1, Y5; \
	VFMADD213PS  actv<>+384(SB), Y7, Y11; \
	VBROADCASTSS actc<>+36(SB), Y0; \
	VBROADCASTSS actc<>+36(SB), Y6; \
	VFMADD213PS  actv<>+320(SB), Y1, Y0; \
	VFMADD213PS  actv<>+320(SB), Y7, Y6; \
	VFMADD213PS  Y5, Y3, Y0; \
	VFMADD213PS  Y11, Y9, Y6; \
	VFMADD213PS  Y4, Y3, Y0; \
	VFMADD213PS  Y10, Y9, Y6; \
	VFMADD213PS  Y1, Y3, Y0; \
	VFMADD213PS  Y7, Y9, Y6; \
	VADDPS       Y13, Y0, Y4; \
	VADDPS       Y13, Y6, Y10; \
	VCVTPS2DQ    Y2, Y2; \
	VCVTPS2DQ    Y8, Y8; \
	VPADDD       actv<>+640(SB), Y2, Y2; \
	VPADDD       actv<>+640(SB), Y8, Y8; \
	VPSLLD       $23, Y2, Y2; \
	VPSLLD       $23, Y8, Y8; \
	VMOVAPS      Y4, Y3; \
	VMOVAPS      Y10, Y9; \
	VFNMADD213PS Y13, Y2, Y3; \
	VFNMADD213PS Y13, Y8, Y9; \
	VFMADD213PS  Y13, Y2, Y4; \
	VFMADD213PS  Y13, Y8, Y10; \
	VDIVPS       Y4, Y3, Y3; \
	VDIVPS       Y10, Y9, Y9; \
	VANDPS       (SI)(R9*1), Y14, Y1; \
	VANDPS       32(SI)(R9*1), Y14, Y7; \
	VMULPS       Y1, Y1, Y2; \
	VMULPS       Y7, Y7, Y8; \
	VMULPS       Y2, Y2, Y0; \
	VMULPS       Y8, Y8, Y6; \
	VBROADCASTSS actc<>+72(SB), Y4; \
	VBROADCASTSS actc<>+72(SB), Y10; \
	VFMADD213PS  actv<>+608(SB), Y2, Y4; \
	VFMADD213PS  actv<>+608(SB), Y8, Y10; \
	VBROADCASTSS actc<>+64(SB), Y5; \
	VBROADCASTSS actc<>+64(SB), Y11; \
	VFMADD213PS  actv<>+544(SB), Y2, Y5; \
	VFMADD213PS  actv<>+544(SB), Y8, Y11; \
	VFMADD231PS  actv<>+480(SB), Y0, Y5; \
	VFMADD231PS  actv<>+480(SB), Y6, Y11; \
	VFMADD213PS  Y4, Y0, Y5; \
	VFMADD213PS  Y10, Y6, Y11; \
	VMULPS       Y2, Y5, Y4; \
	VMULPS       Y8, Y11, Y10; \
	VFMADD213PS  Y1, Y1, Y4; \
	VFMADD213PS  Y7, Y7, Y10; \
	VCMPPS       $1, actv<>+64(SB), Y1, Y0; \
	VCMPPS       $1, actv<>+64(SB), Y7, Y6; \
	VBLENDVPS    Y0, Y4, Y3, Y3; \
	VBLENDVPS    Y6, Y10, Y9, Y9; \
	VBROADCASTSS actc<>+84(SB), Y1; \
	VANDPS       (SI)(R9*1), Y1, Y0; \
	VANDPS       32(SI)(R9*1), Y1, Y6; \
	VORPS        Y0, Y3, Y3; \
	VORPS        Y6, Y9, Y9


// SIGMOID8 sets Y8 = 1/(1 + e^−Y0); clobbers Y1, Y5–Y11, Y15; needs Y13 = 1, Y14 = |x| mask.
// e = exp(−min(|x|, 80)); s = 1/(1 + e) for x ≥ 0 and e·s for x < 0; NaN stays NaN.
#define SIGMOID8 \
	VXORPS       Y10, Y10, Y10; \
	VANDPS       Y14, Y0, Y1; \
	VMINPS       actv<>+160(SB), Y1, Y5; \
	VSUBPS       Y5, Y10, Y5; \
	EXPNEG; \
	VMOVAPS      Y7, Y9; \
	VFMADD213PS  Y13, Y6, Y9; \
	VMULPS       Y6, Y7, Y7; \
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
// every element runs the same code. One loop per activation, the same skeleton in each:
// whole blocks, then the masked block.
//
// Registers: SI, DI, R8 the rows of u, h, d; BX b; R9 the byte offset in the row; CX the
// blocks left; R11 the whole blocks per row; DX the mask; Y12 beta, Y13 1, Y14 |x| mask.
TEXT ·biasActAVX2(SB), NOSPLIT, $0-80
	MOVQ rows+8(FP), R10
	MOVQ n+16(FP), R11
	SHRQ $3, R11                    // whole blocks per row
	MOVQ ld+24(FP), R12
	SHLQ $2, R12                    // row stride in bytes
	VBROADCASTSS beta+32(FP), Y12
	MOVQ b+40(FP), BX
	MOVQ u+48(FP), SI
	MOVQ h+56(FP), DI
	MOVQ d+64(FP), R8
	MOVQ mask+72(FP), DX
	VBROADCASTSS actc<>+4(SB), Y13
	VBROADCASTSS actc<>+0(SB), Y14
	MOVQ act+0(FP), AX
	CMPQ AX, $1
	JEQ  rowTanh
	CMPQ AX, $2
	JEQ  rowRelu
	CMPQ AX, $3
	JEQ  rowSig
rowIdent:
	XORQ R9, R9
	MOVQ R11, CX
	TESTQ CX, CX
	JZ   tailIdent
blkIdent:
	VMOVUPS (SI)(R9*1), Y0
	TESTQ   BX, BX
	JZ      nobIdent
	VFMADD231PS (BX)(R9*1), Y12, Y0 // u += beta·b
	VMOVUPS Y0, (SI)(R9*1)
nobIdent:
	VMOVAPS Y0, Y8                  // h = u
	VMOVUPS Y8, (DI)(R9*1)
	TESTQ   R8, R8
	JZ      nodIdent
	VMOVAPS Y13, Y9                 // φ' = 1
	VMOVUPS Y9, (R8)(R9*1)
nodIdent:
	ADDQ $32, R9
	DECQ CX
	JNZ  blkIdent
tailIdent:
	TESTQ DX, DX
	JZ    nextIdent
	VMOVUPS    (DX), Y15
	VMASKMOVPS (SI)(R9*1), Y15, Y0
	TESTQ      BX, BX
	JZ         tnobIdent
	VMASKMOVPS (BX)(R9*1), Y15, Y1
	VFMADD231PS Y1, Y12, Y0
	VMASKMOVPS Y0, Y15, (SI)(R9*1)
tnobIdent:
	VMOVAPS Y0, Y8                  // h = u
	VMOVUPS    (DX), Y15
	VMASKMOVPS Y8, Y15, (DI)(R9*1)
	TESTQ      R8, R8
	JZ         nextIdent
	VMOVAPS Y13, Y9                 // φ' = 1
	VMASKMOVPS Y9, Y15, (R8)(R9*1)
nextIdent:
	ADDQ R12, SI
	ADDQ R12, DI
	TESTQ R8, R8
	JZ   nextrowIdent
	ADDQ R12, R8
nextrowIdent:
	DECQ R10
	JNZ  rowIdent
	VZEROUPPER
	RET

rowTanh:
	XORQ R9, R9
	MOVQ R11, CX
	SHRQ $1, CX                     // pairs of whole blocks
	JZ   oneTanh
pairTanh:
	VMOVUPS (SI)(R9*1), Y0
	VMOVUPS 32(SI)(R9*1), Y6
	TESTQ   BX, BX
	JZ      nobPairTanh
	VFMADD231PS (BX)(R9*1), Y12, Y0 // u += beta·b
	VFMADD231PS 32(BX)(R9*1), Y12, Y6
	VMOVUPS Y0, (SI)(R9*1)
	VMOVUPS Y6, 32(SI)(R9*1)
nobPairTanh:
	TANH8X2
	VMOVUPS Y3, (DI)(R9*1)
	VMOVUPS Y9, 32(DI)(R9*1)
	TESTQ   R8, R8
	JZ      nodPairTanh
	VMULPS  Y3, Y3, Y4
	VMULPS  Y9, Y9, Y10
	VSUBPS  Y4, Y13, Y4             // 1 − h²
	VSUBPS  Y10, Y13, Y10
	VMOVUPS Y4, (R8)(R9*1)
	VMOVUPS Y10, 32(R8)(R9*1)
nodPairTanh:
	ADDQ $64, R9
	DECQ CX
	JNZ  pairTanh
oneTanh:
	MOVQ R11, CX
	ANDQ $1, CX                     // a last whole block on its own
	JZ   tailTanh
blkTanh:
	VMOVUPS (SI)(R9*1), Y0
	TESTQ   BX, BX
	JZ      nobTanh
	VFMADD231PS (BX)(R9*1), Y12, Y0 // u += beta·b
	VMOVUPS Y0, (SI)(R9*1)
nobTanh:
	TANH8
	VMOVUPS Y8, (DI)(R9*1)
	TESTQ   R8, R8
	JZ      nodTanh
	VMULPS  Y8, Y8, Y9
	VSUBPS  Y9, Y13, Y9             // 1 − h²
	VMOVUPS Y9, (R8)(R9*1)
nodTanh:
	ADDQ $32, R9
	DECQ CX
	JNZ  blkTanh
tailTanh:
	TESTQ DX, DX
	JZ    nextTanh
	VMOVUPS    (DX), Y15
	VMASKMOVPS (SI)(R9*1), Y15, Y0
	TESTQ      BX, BX
	JZ         tnobTanh
	VMASKMOVPS (BX)(R9*1), Y15, Y1
	VFMADD231PS Y1, Y12, Y0
	VMASKMOVPS Y0, Y15, (SI)(R9*1)
tnobTanh:
	TANH8
	VMOVUPS    (DX), Y15
	VMASKMOVPS Y8, Y15, (DI)(R9*1)
	TESTQ      R8, R8
	JZ         nextTanh
	VMULPS  Y8, Y8, Y9
	VSUBPS  Y9, Y13, Y9             // 1 − h²
	VMASKMOVPS Y9, Y15, (R8)(R9*1)
nextTanh:
	ADDQ R12, SI
	ADDQ R12, DI
	TESTQ R8, R8
	JZ   nextrowTanh
	ADDQ R12, R8
nextrowTanh:
	DECQ R10
	JNZ  rowTanh
	VZEROUPPER
	RET

rowRelu:
	VXORPS  Y10, Y10, Y10           // 0
	XORQ R9, R9
	MOVQ R11, CX
	TESTQ CX, CX
	JZ   tailRelu
blkRelu:
	VMOVUPS (SI)(R9*1), Y0
	TESTQ   BX, BX
	JZ      nobRelu
	VFMADD231PS (BX)(R9*1), Y12, Y0 // u += beta·b
	VMOVUPS Y0, (SI)(R9*1)
nobRelu:
	VMAXPS  Y10, Y0, Y8             // u > 0 ? u : 0 (0 for NaN and −0)
	VMOVUPS Y8, (DI)(R9*1)
	TESTQ   R8, R8
	JZ      nodRelu
	VCMPPS  $1, Y0, Y10, Y9         // 0 < u (false for NaN)
	VANDPS  Y13, Y9, Y9             // 1 or 0
	VMOVUPS Y9, (R8)(R9*1)
nodRelu:
	ADDQ $32, R9
	DECQ CX
	JNZ  blkRelu
tailRelu:
	TESTQ DX, DX
	JZ    nextRelu
	VMOVUPS    (DX), Y15
	VMASKMOVPS (SI)(R9*1), Y15, Y0
	TESTQ      BX, BX
	JZ         tnobRelu
	VMASKMOVPS (BX)(R9*1), Y15, Y1
	VFMADD231PS Y1, Y12, Y0
	VMASKMOVPS Y0, Y15, (SI)(R9*1)
tnobRelu:
	VMAXPS  Y10, Y0, Y8             // u > 0 ? u : 0 (0 for NaN and −0)
	VMOVUPS    (DX), Y15
	VMASKMOVPS Y8, Y15, (DI)(R9*1)
	TESTQ      R8, R8
	JZ         nextRelu
	VCMPPS  $1, Y0, Y10, Y9         // 0 < u (false for NaN)
	VANDPS  Y13, Y9, Y9             // 1 or 0
	VMASKMOVPS Y9, Y15, (R8)(R9*1)
nextRelu:
	ADDQ R12, SI
	ADDQ R12, DI
	TESTQ R8, R8
	JZ   nextrowRelu
	ADDQ R12, R8
nextrowRelu:
	DECQ R10
	JNZ  rowRelu
	VZEROUPPER
	RET

rowSig:
	XORQ R9, R9
	MOVQ R11, CX
	TESTQ CX, CX
	JZ   tailSig
blkSig:
	VMOVUPS (SI)(R9*1), Y0
	TESTQ   BX, BX
	JZ      nobSig
	VFMADD231PS (BX)(R9*1), Y12, Y0 // u += beta·b
	VMOVUPS Y0, (SI)(R9*1)
nobSig:
	SIGMOID8
	VMOVUPS Y8, (DI)(R9*1)
	TESTQ   R8, R8
	JZ      nodSig
	VSUBPS  Y8, Y13, Y9             // 1 − h
	VMULPS  Y9, Y8, Y9              // h·(1 − h)
	VMOVUPS Y9, (R8)(R9*1)
nodSig:
	ADDQ $32, R9
	DECQ CX
	JNZ  blkSig
tailSig:
	TESTQ DX, DX
	JZ    nextSig
	VMOVUPS    (DX), Y15
	VMASKMOVPS (SI)(R9*1), Y15, Y0
	TESTQ      BX, BX
	JZ         tnobSig
	VMASKMOVPS (BX)(R9*1), Y15, Y1
	VFMADD231PS Y1, Y12, Y0
	VMASKMOVPS Y0, Y15, (SI)(R9*1)
tnobSig:
	SIGMOID8
	VMOVUPS    (DX), Y15
	VMASKMOVPS Y8, Y15, (DI)(R9*1)
	TESTQ      R8, R8
	JZ         nextSig
	VSUBPS  Y8, Y13, Y9             // 1 − h
	VMULPS  Y9, Y8, Y9              // h·(1 − h)
	VMASKMOVPS Y9, Y15, (R8)(R9*1)
nextSig:
	ADDQ R12, SI
	ADDQ R12, DI
	TESTQ R8, R8
	JZ   nextrowSig
	ADDQ R12, R8
nextrowSig:
	DECQ R10
	JNZ  rowSig
	VZEROUPPER
	RET

// TANH16 is TANH8 sixteen lanes wide in the zmm registers of AVX-512F: the same
// operations lane by lane (VRNDSCALEPS $0 rounds as VROUNDPS $0 does, the integer forms of
// the bit operations, opmask blends), so the same values, with half the instructions per
// element; e^r·2^n is formed by VSCALEFPS (exact, as the exponent-bits product is for
// these n). Most constants are embedded-broadcast memory operands (.BCST), so that TANH32
// can run two of these chains interleaved, Z0–Z10, Z15 and K1 for the first sixteen lanes
// (input Z0, result Z8) and Z16–Z27 and K3 for the second (input Z16, result Z24); held in
// registers: Z11 = 0.625, Z13 = 1, Z14 = |x| mask, Z28 = −9, Z29 = sign bit, Z30 = log2 e,
// Z31 = −C1. y = −2·min(|x|, 9) is formed as 2·max(−|x|, −9) (a sign OR, a maximum and an
// addition: the same value, off the multiply pipes).
#define TANH16 \
	VPANDD       Z14, Z0, Z1; \
	VPXORD       Z1, Z0, Z2; \
	VMULPS       Z1, Z1, Z3; \
	VMULPS       Z3, Z3, Z10; \
	VBROADCASTSS actc<>+72(SB), Z4; \
	VFMADD213PS.BCST actc<>+76(SB), Z3, Z4; \
	VBROADCASTSS actc<>+64(SB), Z9; \
	VFMADD213PS.BCST actc<>+68(SB), Z3, Z9; \
	VBROADCASTSS actc<>+60(SB), Z15; \
	VFMADD213PS  Z9, Z10, Z15; \
	VFMADD213PS  Z4, Z10, Z15; \
	VMULPS       Z3, Z15, Z4; \
	VFMADD213PS  Z1, Z1, Z4; \
	VPORD        Z29, Z0, Z5; \
	VMAXPS       Z5, Z28, Z5; \
	VADDPS       Z5, Z5, Z5; \
	VMULPS       Z30, Z5, Z6; \
	VRNDSCALEPS  $0, Z6, Z6; \
	VFMADD231PS  Z31, Z6, Z5; \
	VFMADD231PS.BCST actc<>+32(SB), Z6, Z5; \
	VMULPS       Z5, Z5, Z8; \
	VBROADCASTSS actc<>+52(SB), Z7; \
	VFMADD213PS.BCST actc<>+56(SB), Z5, Z7; \
	VBROADCASTSS actc<>+44(SB), Z9; \
	VFMADD213PS.BCST actc<>+48(SB), Z5, Z9; \
	VBROADCASTSS actc<>+36(SB), Z10; \
	VFMADD213PS.BCST actc<>+40(SB), Z5, Z10; \
	VFMADD213PS  Z9, Z8, Z10; \
	VFMADD213PS  Z7, Z8, Z10; \
	VFMADD213PS  Z5, Z8, Z10; \
	VADDPS       Z13, Z10, Z7; \
	VSCALEFPS    Z6, Z7, Z7; \
	VSUBPS       Z7, Z13, Z8; \
	VADDPS       Z7, Z13, Z9; \
	VDIVPS       Z9, Z8, Z8; \
	VCMPPS       $1, Z11, Z1, K1; \
	VBLENDMPS    Z4, Z8, K1, Z8; \
	VPORD        Z2, Z8, Z8

// TANH32 is two TANH16 chains interleaved instruction by instruction.
#define TANH32 \
	VPANDD       Z14, Z0, Z1; \
	VPANDD       Z14, Z16, Z17; \
	VPXORD       Z1, Z0, Z2; \
	VPXORD       Z17, Z16, Z18; \
	VMULPS       Z1, Z1, Z3; \
	VMULPS       Z17, Z17, Z19; \
	VMULPS       Z3, Z3, Z10; \
	VMULPS       Z19, Z19, Z26; \
	VBROADCASTSS actc<>+72(SB), Z4; \
	VBROADCASTSS actc<>+72(SB), Z20; \
	VFMADD213PS.BCST actc<>+76(SB), Z3, Z4; \
	VFMADD213PS.BCST actc<>+76(SB), Z19, Z20; \
	VBROADCASTSS actc<>+64(SB), Z9; \
	VBROADCASTSS actc<>+64(SB), Z25; \
	VFMADD213PS.BCST actc<>+68(SB), Z3, Z9; \
	VFMADD213PS.BCST actc<>+68(SB), Z19, Z25; \
	VBROADCASTSS actc<>+60(SB), Z15; \
	VBROADCASTSS actc<>+60(SB), Z27; \
	VFMADD213PS  Z9, Z10, Z15; \
	VFMADD213PS  Z25, Z26, Z27; \
	VFMADD213PS  Z4, Z10, Z15; \
	VFMADD213PS  Z20, Z26, Z27; \
	VMULPS       Z3, Z15, Z4; \
	VMULPS       Z19, Z27, Z20; \
	VFMADD213PS  Z1, Z1, Z4; \
	VFMADD213PS  Z17, Z17, Z20; \
	VPORD        Z29, Z0, Z5; \
	VPORD        Z29, Z16, Z21; \
	VMAXPS       Z5, Z28, Z5; \
	VMAXPS       Z21, Z28, Z21; \
	VADDPS       Z5, Z5, Z5; \
	VADDPS       Z21, Z21, Z21; \
	VMULPS       Z30, Z5, Z6; \
	VMULPS       Z30, Z21, Z22; \
	VRNDSCALEPS  $0, Z6, Z6; \
	VRNDSCALEPS  $0, Z22, Z22; \
	VFMADD231PS  Z31, Z6, Z5; \
	VFMADD231PS  Z31, Z22, Z21; \
	VFMADD231PS.BCST actc<>+32(SB), Z6, Z5; \
	VFMADD231PS.BCST actc<>+32(SB), Z22, Z21; \
	VMULPS       Z5, Z5, Z8; \
	VMULPS       Z21, Z21, Z24; \
	VBROADCASTSS actc<>+52(SB), Z7; \
	VBROADCASTSS actc<>+52(SB), Z23; \
	VFMADD213PS.BCST actc<>+56(SB), Z5, Z7; \
	VFMADD213PS.BCST actc<>+56(SB), Z21, Z23; \
	VBROADCASTSS actc<>+44(SB), Z9; \
	VBROADCASTSS actc<>+44(SB), Z25; \
	VFMADD213PS.BCST actc<>+48(SB), Z5, Z9; \
	VFMADD213PS.BCST actc<>+48(SB), Z21, Z25; \
	VBROADCASTSS actc<>+36(SB), Z10; \
	VBROADCASTSS actc<>+36(SB), Z26; \
	VFMADD213PS.BCST actc<>+40(SB), Z5, Z10; \
	VFMADD213PS.BCST actc<>+40(SB), Z21, Z26; \
	VFMADD213PS  Z9, Z8, Z10; \
	VFMADD213PS  Z25, Z24, Z26; \
	VFMADD213PS  Z7, Z8, Z10; \
	VFMADD213PS  Z23, Z24, Z26; \
	VFMADD213PS  Z5, Z8, Z10; \
	VFMADD213PS  Z21, Z24, Z26; \
	VADDPS       Z13, Z10, Z7; \
	VADDPS       Z13, Z26, Z23; \
	VSCALEFPS    Z6, Z7, Z7; \
	VSCALEFPS    Z22, Z23, Z23; \
	VSUBPS       Z7, Z13, Z8; \
	VSUBPS       Z23, Z13, Z24; \
	VADDPS       Z7, Z13, Z9; \
	VADDPS       Z23, Z13, Z25; \
	VDIVPS       Z9, Z8, Z8; \
	VDIVPS       Z25, Z24, Z24; \
	VCMPPS       $1, Z11, Z1, K1; \
	VCMPPS       $1, Z11, Z17, K3; \
	VBLENDMPS    Z4, Z8, K1, Z8; \
	VBLENDMPS    Z20, Z24, K3, Z24; \
	VPORD        Z2, Z8, Z8; \
	VPORD        Z18, Z24, Z24

// func biasTanhAVX512(rows, n, ld int, beta float32, b, u, h, d *float32)
// biasActAVX2 for tanh with TANH32 and TANH16: thirty-two lanes per step, then a block of
// sixteen, then the last n mod 16 columns of a row through the opmask K2; needs AVX-512F.
TEXT ·biasTanhAVX512(SB), NOSPLIT, $0-64
	MOVQ rows+0(FP), R10
	MOVQ n+8(FP), R11
	MOVQ R11, CX
	ANDQ $15, CX
	MOVQ $1, AX
	SHLQ CX, AX
	DECQ AX
	KMOVW AX, K2                    // the n mod 16 lanes of a row's last block
	MOVQ CX, DX                     // a masked block when not 0
	MOVQ R11, R13
	ANDQ $16, R13                   // a block of sixteen after the pairs when not 0
	SHRQ $5, R11                    // pairs of blocks per row
	MOVQ ld+16(FP), R12
	SHLQ $2, R12                    // row stride in bytes
	VBROADCASTSS beta+24(FP), Z12
	MOVQ b+32(FP), BX
	MOVQ u+40(FP), SI
	MOVQ h+48(FP), DI
	MOVQ d+56(FP), R8
	VBROADCASTSS actc<>+4(SB), Z13
	VBROADCASTSS actc<>+0(SB), Z14
	VBROADCASTSS actc<>+8(SB), Z11
	VBROADCASTSS actc<>+88(SB), Z28
	VBROADCASTSS actc<>+84(SB), Z29
	VBROADCASTSS actc<>+24(SB), Z30
	VBROADCASTSS actc<>+28(SB), Z31
rowTanhZ:
	XORQ R9, R9
	MOVQ R11, CX
	TESTQ CX, CX
	JZ   oneTanhZ
pairTanhZ:
	VMOVUPS (SI)(R9*1), Z0
	VMOVUPS 64(SI)(R9*1), Z16
	TESTQ   BX, BX
	JZ      pnobTanhZ
	VFMADD231PS (BX)(R9*1), Z12, Z0 // u += beta·b
	VFMADD231PS 64(BX)(R9*1), Z12, Z16
	VMOVUPS Z0, (SI)(R9*1)
	VMOVUPS Z16, 64(SI)(R9*1)
pnobTanhZ:
	TANH32
	VMOVUPS Z8, (DI)(R9*1)
	VMOVUPS Z24, 64(DI)(R9*1)
	TESTQ   R8, R8
	JZ      pnodTanhZ
	VMULPS  Z8, Z8, Z9
	VMULPS  Z24, Z24, Z25
	VSUBPS  Z9, Z13, Z9             // 1 − h²
	VSUBPS  Z25, Z13, Z25
	VMOVUPS Z9, (R8)(R9*1)
	VMOVUPS Z25, 64(R8)(R9*1)
pnodTanhZ:
	ADDQ $128, R9
	DECQ CX
	JNZ  pairTanhZ
oneTanhZ:
	TESTQ R13, R13
	JZ    tailTanhZ
	VMOVUPS (SI)(R9*1), Z0
	TESTQ   BX, BX
	JZ      nobTanhZ
	VFMADD231PS (BX)(R9*1), Z12, Z0 // u += beta·b
	VMOVUPS Z0, (SI)(R9*1)
nobTanhZ:
	TANH16
	VMOVUPS Z8, (DI)(R9*1)
	TESTQ   R8, R8
	JZ      nodTanhZ
	VMULPS  Z8, Z8, Z9
	VSUBPS  Z9, Z13, Z9             // 1 − h²
	VMOVUPS Z9, (R8)(R9*1)
nodTanhZ:
	ADDQ $64, R9
tailTanhZ:
	TESTQ DX, DX
	JZ    nextTanhZ
	VMOVUPS.Z (SI)(R9*1), K2, Z0
	TESTQ     BX, BX
	JZ        tnobTanhZ
	VMOVUPS.Z (BX)(R9*1), K2, Z1
	VFMADD231PS Z1, Z12, Z0
	VMOVUPS   Z0, K2, (SI)(R9*1)
tnobTanhZ:
	TANH16
	VMOVUPS Z8, K2, (DI)(R9*1)
	TESTQ   R8, R8
	JZ      nextTanhZ
	VMULPS  Z8, Z8, Z9
	VSUBPS  Z9, Z13, Z9             // 1 − h²
	VMOVUPS Z9, K2, (R8)(R9*1)
nextTanhZ:
	ADDQ R12, SI
	ADDQ R12, DI
	TESTQ R8, R8
	JZ   nextrowTanhZ
	ADDQ R12, R8
nextrowTanhZ:
	DECQ R10
	JNZ  rowTanhZ
	VZEROUPPER
	RET

// SIGMOID8X is SIGMOID8 for the AVX-512 path: constants in Y16–Y25 (reachable with the
// EVEX encoding of AVX-512VL) instead of broadcast from memory for every block, e^r·2^n
// by VSCALEFPS.
#define SIGMOID8X \
	VXORPS       Y10, Y10, Y10; \
	VANDPS       Y14, Y0, Y1; \
	VMINPS       Y16, Y1, Y5; \
	VSUBPS       Y5, Y10, Y5; \
	VMULPS       Y17, Y5, Y6; \
	VROUNDPS     $0, Y6, Y6; \
	VFMADD231PS  Y18, Y6, Y5; \
	VFMADD231PS  Y19, Y6, Y5; \
	VMULPS       Y5, Y5, Y8; \
	VMOVAPS      Y24, Y7; \
	VFMADD213PS  Y25, Y5, Y7; \
	VMOVAPS      Y22, Y9; \
	VFMADD213PS  Y23, Y5, Y9; \
	VMOVAPS      Y20, Y10; \
	VFMADD213PS  Y21, Y5, Y10; \
	VFMADD213PS  Y9, Y8, Y10; \
	VFMADD213PS  Y7, Y8, Y10; \
	VFMADD213PS  Y5, Y8, Y10; \
	VADDPS       Y13, Y10, Y7; \
	VSCALEFPS    Y6, Y7, Y7; \
	VADDPS       Y7, Y13, Y9; \
	VDIVPS       Y9, Y13, Y8; \
	VMULPS       Y8, Y7, Y9; \
	VBLENDVPS    Y0, Y9, Y8, Y8; \
	VCMPPS       $3, Y0, Y0, Y11; \
	VBLENDVPS    Y11, Y0, Y8, Y8

// func biasSigmoidAVX512(rows, n, ld int, beta float32, b, u, h, d *float32, mask *int32)
// biasActAVX2 for sigmoid with SIGMOID8X; needs AVX-512F and AVX-512VL.
TEXT ·biasSigmoidAVX512(SB), NOSPLIT, $0-72
	MOVQ rows+0(FP), R10
	MOVQ n+8(FP), R11
	SHRQ $3, R11                    // whole blocks per row
	MOVQ ld+16(FP), R12
	SHLQ $2, R12                    // row stride in bytes
	VBROADCASTSS beta+24(FP), Y12
	MOVQ b+32(FP), BX
	MOVQ u+40(FP), SI
	MOVQ h+48(FP), DI
	MOVQ d+56(FP), R8
	MOVQ mask+64(FP), DX
	VBROADCASTSS actc<>+4(SB), Y13
	VBROADCASTSS actc<>+0(SB), Y14
	VBROADCASTSS actc<>+20(SB), Y16
	VBROADCASTSS actc<>+24(SB), Y17
	VBROADCASTSS actc<>+28(SB), Y18
	VBROADCASTSS actc<>+32(SB), Y19
	VBROADCASTSS actc<>+36(SB), Y20
	VBROADCASTSS actc<>+40(SB), Y21
	VBROADCASTSS actc<>+44(SB), Y22
	VBROADCASTSS actc<>+48(SB), Y23
	VBROADCASTSS actc<>+52(SB), Y24
	VBROADCASTSS actc<>+56(SB), Y25
rowSigX:
	XORQ R9, R9
	MOVQ R11, CX
	TESTQ CX, CX
	JZ   tailSigX
blkSigX:
	VMOVUPS (SI)(R9*1), Y0
	TESTQ   BX, BX
	JZ      nobSigX
	VFMADD231PS (BX)(R9*1), Y12, Y0 // u += beta·b
	VMOVUPS Y0, (SI)(R9*1)
nobSigX:
	SIGMOID8X
	VMOVUPS Y8, (DI)(R9*1)
	TESTQ   R8, R8
	JZ      nodSigX
	VSUBPS  Y8, Y13, Y9             // 1 − h
	VMULPS  Y9, Y8, Y9              // h·(1 − h)
	VMOVUPS Y9, (R8)(R9*1)
nodSigX:
	ADDQ $32, R9
	DECQ CX
	JNZ  blkSigX
tailSigX:
	TESTQ DX, DX
	JZ    nextSigX
	VMOVUPS    (DX), Y15
	VMASKMOVPS (SI)(R9*1), Y15, Y0
	TESTQ      BX, BX
	JZ         tnobSigX
	VMASKMOVPS (BX)(R9*1), Y15, Y1
	VFMADD231PS Y1, Y12, Y0
	VMASKMOVPS Y0, Y15, (SI)(R9*1)
tnobSigX:
	SIGMOID8X
	VMOVUPS    (DX), Y15
	VMASKMOVPS Y8, Y15, (DI)(R9*1)
	TESTQ      R8, R8
	JZ         nextSigX
	VSUBPS  Y8, Y13, Y9             // 1 − h
	VMULPS  Y9, Y8, Y9              // h·(1 − h)
	VMASKMOVPS Y9, Y15, (R8)(R9*1)
nextSigX:
	ADDQ R12, SI
	ADDQ R12, DI
	TESTQ R8, R8
	JZ   nextrowSigX
	ADDQ R12, R8
nextrowSigX:
	DECQ R10
	JNZ  rowSigX
	VZEROUPPER
	RET

// func biasAddAVX2(rows, n, ld int, beta float32, b, u *float32)
// u[i·ld+j] += beta·b[j] for i < rows, j < n (rows, n ≥ 1), one fused multiply-add per
// element as in biasActAVX2: whole blocks of eight, then the rest of the row one lane at a
// time (VFMADD231SS rounds as one lane of VFMADD231PS does). Rows whose width is not a
// multiple of eight need no masked stores, which are slow on AMD cores and keep the next
// row's load from being forwarded from the store.
TEXT ·biasAddAVX2(SB), NOSPLIT, $0-48
	MOVQ rows+0(FP), R10
	MOVQ n+8(FP), R11
	MOVQ ld+16(FP), R12
	SHLQ $2, R12                    // row stride in bytes
	VBROADCASTSS beta+24(FP), Y12
	MOVQ b+32(FP), BX
	MOVQ u+40(FP), SI
	MOVQ R11, R13
	ANDQ $-8, R13
	SHLQ $2, R13                    // bytes of whole blocks per row
	SHLQ $2, R11                    // bytes per row
rowBias:
	XORQ R9, R9
blkBias:
	CMPQ R9, R13
	JGE  tailBias
	VMOVUPS (SI)(R9*1), Y0
	VFMADD231PS (BX)(R9*1), Y12, Y0
	VMOVUPS Y0, (SI)(R9*1)
	ADDQ $32, R9
	JMP  blkBias
tailBias:
	CMPQ R9, R11
	JGE  nextBias
	VMOVSS (SI)(R9*1), X0
	VFMADD231SS (BX)(R9*1), X12, X0
	VMOVSS X0, (SI)(R9*1)
	ADDQ $4, R9
	JMP  tailBias
nextBias:
	ADDQ R12, SI
	DECQ R10
	JNZ  rowBias
	VZEROUPPER
	RET
