//go:build !purego && !noasm

#include "textflag.h"

// G6X16_ZERO clears gramK6x16's twelve accumulators Y4–Y15.
#define G6X16_ZERO \
	VXORPS Y4, Y4, Y4; \
	VXORPS Y5, Y5, Y5; \
	VXORPS Y6, Y6, Y6; \
	VXORPS Y7, Y7, Y7; \
	VXORPS Y8, Y8, Y8; \
	VXORPS Y9, Y9, Y9; \
	VXORPS Y10, Y10, Y10; \
	VXORPS Y11, Y11, Y11; \
	VXORPS Y12, Y12, Y12; \
	VXORPS Y13, Y13, Y13; \
	VXORPS Y14, Y14, Y14; \
	VXORPS Y15, Y15, Y15

// G6X16_STEP is one step p of the 6×16 tile: two loads of aj's sixteen values at DX, six
// broadcasts of ai at SI, twelve FMAs into Y4–Y15; then SI and DX move on by ld (R8 bytes).
#define G6X16_STEP \
	VMOVUPS (DX), Y0; \
	VMOVUPS 32(DX), Y1; \
	VBROADCASTSS 0(SI), Y2; \
	VFMADD231PS Y0, Y2, Y4; \
	VFMADD231PS Y1, Y2, Y5; \
	VBROADCASTSS 4(SI), Y3; \
	VFMADD231PS Y0, Y3, Y6; \
	VFMADD231PS Y1, Y3, Y7; \
	VBROADCASTSS 8(SI), Y2; \
	VFMADD231PS Y0, Y2, Y8; \
	VFMADD231PS Y1, Y2, Y9; \
	VBROADCASTSS 12(SI), Y3; \
	VFMADD231PS Y0, Y3, Y10; \
	VFMADD231PS Y1, Y3, Y11; \
	VBROADCASTSS 16(SI), Y2; \
	VFMADD231PS Y0, Y2, Y12; \
	VFMADD231PS Y1, Y2, Y13; \
	VBROADCASTSS 20(SI), Y3; \
	VFMADD231PS Y0, Y3, Y14; \
	VFMADD231PS Y1, Y3, Y15; \
	ADDQ R8, SI; \
	ADDQ R8, DX

// G6X16_ADDROW widens one row's two float32 sum vectors (xa/ya: columns 0..7, xb/yb: 8..15)
// and adds them into the sixteen float64 values at DI.
#define G6X16_ADDROW(xa, ya, xb, yb) \
	VCVTPS2PD xa, Y0; \
	VEXTRACTF128 $1, ya, X1; \
	VCVTPS2PD X1, Y1; \
	VADDPD 0(DI), Y0, Y0; \
	VMOVUPD Y0, 0(DI); \
	VADDPD 32(DI), Y1, Y1; \
	VMOVUPD Y1, 32(DI); \
	VCVTPS2PD xb, Y0; \
	VEXTRACTF128 $1, yb, X1; \
	VCVTPS2PD X1, Y1; \
	VADDPD 64(DI), Y0, Y0; \
	VMOVUPD Y0, 64(DI); \
	VADDPD 96(DI), Y1, Y1; \
	VMOVUPD Y1, 96(DI)

// G6X16_ADDC widens the six rows' float32 sums (Y4–Y15) and adds them into the float64 rows
// of c at DI, ldc (R11 bytes) apart; DI ends on the last row.
#define G6X16_ADDC \
	G6X16_ADDROW(X4, Y4, X5, Y5); \
	ADDQ R11, DI; \
	G6X16_ADDROW(X6, Y6, X7, Y7); \
	ADDQ R11, DI; \
	G6X16_ADDROW(X8, Y8, X9, Y9); \
	ADDQ R11, DI; \
	G6X16_ADDROW(X10, Y10, X11, Y11); \
	ADDQ R11, DI; \
	G6X16_ADDROW(X12, Y12, X13, Y13); \
	ADDQ R11, DI; \
	G6X16_ADDROW(X14, Y14, X15, Y15)

// G6X16_STOREROW is G6X16_ADDROW storing instead of adding.
#define G6X16_STOREROW(xa, ya, xb, yb) \
	VCVTPS2PD xa, Y0; \
	VEXTRACTF128 $1, ya, X1; \
	VCVTPS2PD X1, Y1; \
	VMOVUPD Y0, 0(DI); \
	VMOVUPD Y1, 32(DI); \
	VCVTPS2PD xb, Y0; \
	VEXTRACTF128 $1, yb, X1; \
	VCVTPS2PD X1, Y1; \
	VMOVUPD Y0, 64(DI); \
	VMOVUPD Y1, 96(DI)

// G6X16_STOREC is G6X16_ADDC storing the widened sums instead of adding them.
#define G6X16_STOREC \
	G6X16_STOREROW(X4, Y4, X5, Y5); \
	ADDQ R11, DI; \
	G6X16_STOREROW(X6, Y6, X7, Y7); \
	ADDQ R11, DI; \
	G6X16_STOREROW(X8, Y8, X9, Y9); \
	ADDQ R11, DI; \
	G6X16_STOREROW(X10, Y10, X11, Y11); \
	ADDQ R11, DI; \
	G6X16_STOREROW(X12, Y12, X13, Y13); \
	ADDQ R11, DI; \
	G6X16_STOREROW(X14, Y14, X15, Y15)

// func gramK6x16(k int, ai *float32, aj *float32, ld int, c *float64, ldc int, add int)
// c[r*ldc+j] (+)= Σ_{p<k} ai[p*ld+r]·aj[p*ld+j] for r < 6, j < 16; k ≥ 1. Twelve float32
// accumulators (row r in Y(4+2r) for columns 0..7 and Y(5+2r) for 8..15), one step per p:
// two loads of aj's sixteen values, six broadcasts of ai, twelve FMAs. The sums are widened
// four at a time (VCVTPS2PD) and added into the float64 rows of c, or stored there when
// add is 0.
TEXT ·gramK6x16(SB), NOSPLIT, $0-56
	MOVQ k+0(FP), CX
	MOVQ ai+8(FP), SI
	MOVQ aj+16(FP), DX
	MOVQ ld+24(FP), R8
	SHLQ $2, R8
	MOVQ c+32(FP), DI
	MOVQ ldc+40(FP), R11
	SHLQ $3, R11
	G6X16_ZERO
gramK6x16_loop:
	G6X16_STEP
	DECQ CX
	JNZ gramK6x16_loop
	MOVQ add+48(FP), AX
	TESTQ AX, AX
	JZ gramK6x16_store
	G6X16_ADDC
	VZEROUPPER
	RET
gramK6x16_store:
	G6X16_STOREC
	VZEROUPPER
	RET

// One step of the 8×8 tile: the row of eight values of b in yv times each of the eight
// values of a at a0..a7, into Y8..Y15 (the broadcasts rotate through Y1..Y4).
#define G8X8_STEP(yv, a0, a1, a2, a3, a4, a5, a6, a7) \
	VBROADCASTSS a0, Y1        \
	VFMADD231PS  yv, Y1, Y8    \
	VBROADCASTSS a1, Y2        \
	VFMADD231PS  yv, Y2, Y9    \
	VBROADCASTSS a2, Y3        \
	VFMADD231PS  yv, Y3, Y10   \
	VBROADCASTSS a3, Y4        \
	VFMADD231PS  yv, Y4, Y11   \
	VBROADCASTSS a4, Y1        \
	VFMADD231PS  yv, Y1, Y12   \
	VBROADCASTSS a5, Y2        \
	VFMADD231PS  yv, Y2, Y13   \
	VBROADCASTSS a6, Y3        \
	VFMADD231PS  yv, Y3, Y14   \
	VBROADCASTSS a7, Y4        \
	VFMADD231PS  yv, Y4, Y15

// One accumulator row (xa/ya: its low half and whole) widened to float64 and added into
// the eight values at DI, or stored there.
#define G8X8_ADDROW(xa, ya) \
	VCVTPS2PD    xa, Y0         \
	VEXTRACTF128 $1, ya, X1     \
	VCVTPS2PD    X1, Y1         \
	VADDPD       0(DI), Y0, Y0  \
	VMOVUPD      Y0, 0(DI)      \
	VADDPD       32(DI), Y1, Y1 \
	VMOVUPD      Y1, 32(DI)

#define G8X8_STOREROW(xa, ya) \
	VCVTPS2PD    xa, Y0     \
	VEXTRACTF128 $1, ya, X1 \
	VCVTPS2PD    X1, Y1     \
	VMOVUPD      Y0, 0(DI)  \
	VMOVUPD      Y1, 32(DI)

// func gramK8x8(k int, ai *float32, aj *float32, ld int, c *float64, ldc int, add int)
// c[r*ldc+j] (+)= Σ_{p<k} ai[p*ld+r]·aj[p*ld+j] for r < 8, j < 8; k ≥ 1: gramK6x16's
// sums for an 8×8 tile (row r in Y(8+r)), two rows of the block per loop step after
// a single first one when k is odd, the same fused multiply-adds in the same order. With
// add 2 only the lower triangle (j ≤ r) is added into c; the rest of c is not touched.
TEXT ·gramK8x8(SB), NOSPLIT, $0-56
	MOVQ k+0(FP), CX
	MOVQ ai+8(FP), SI
	MOVQ aj+16(FP), DX
	MOVQ ld+24(FP), R8
	SHLQ $2, R8
	MOVQ c+32(FP), DI
	MOVQ ldc+40(FP), R11
	SHLQ $3, R11
	VXORPS Y8, Y8, Y8
	VXORPS Y9, Y9, Y9
	VXORPS Y10, Y10, Y10
	VXORPS Y11, Y11, Y11
	VXORPS Y12, Y12, Y12
	VXORPS Y13, Y13, Y13
	VXORPS Y14, Y14, Y14
	VXORPS Y15, Y15, Y15
	TESTQ $1, CX
	JZ gramK8x8_pairs
	VMOVUPS (DX), Y0
	G8X8_STEP(Y0, 0(SI), 4(SI), 8(SI), 12(SI), 16(SI), 20(SI), 24(SI), 28(SI))
	ADDQ R8, SI
	ADDQ R8, DX
	DECQ CX
	JZ gramK8x8_done
gramK8x8_pairs:
	VMOVUPS (DX), Y0
	VMOVUPS (DX)(R8*1), Y5
	G8X8_STEP(Y0, 0(SI), 4(SI), 8(SI), 12(SI), 16(SI), 20(SI), 24(SI), 28(SI))
	G8X8_STEP(Y5, 0(SI)(R8*1), 4(SI)(R8*1), 8(SI)(R8*1), 12(SI)(R8*1), 16(SI)(R8*1), 20(SI)(R8*1), 24(SI)(R8*1), 28(SI)(R8*1))
	LEAQ (SI)(R8*2), SI
	LEAQ (DX)(R8*2), DX
	SUBQ $2, CX
	JNZ gramK8x8_pairs
gramK8x8_done:
	MOVQ add+48(FP), AX
	TESTQ AX, AX
	JZ gramK8x8_store
	CMPQ AX, $2
	JEQ gramK8x8_lower
	G8X8_ADDROW(X8, Y8)
	ADDQ R11, DI
	G8X8_ADDROW(X9, Y9)
	ADDQ R11, DI
	G8X8_ADDROW(X10, Y10)
	ADDQ R11, DI
	G8X8_ADDROW(X11, Y11)
	ADDQ R11, DI
	G8X8_ADDROW(X12, Y12)
	ADDQ R11, DI
	G8X8_ADDROW(X13, Y13)
	ADDQ R11, DI
	G8X8_ADDROW(X14, Y14)
	ADDQ R11, DI
	G8X8_ADDROW(X15, Y15)
	VZEROUPPER
	RET
gramK8x8_store:
	G8X8_STOREROW(X8, Y8)
	ADDQ R11, DI
	G8X8_STOREROW(X9, Y9)
	ADDQ R11, DI
	G8X8_STOREROW(X10, Y10)
	ADDQ R11, DI
	G8X8_STOREROW(X11, Y11)
	ADDQ R11, DI
	G8X8_STOREROW(X12, Y12)
	ADDQ R11, DI
	G8X8_STOREROW(X13, Y13)
	ADDQ R11, DI
	G8X8_STOREROW(X14, Y14)
	ADDQ R11, DI
	G8X8_STOREROW(X15, Y15)
	VZEROUPPER
	RET

gramK8x8_lower:
	VCVTPS2PD X8, Y0
	VADDSD 0(DI), X0, X2
	VMOVSD X2, 0(DI)
	ADDQ R11, DI
	VCVTPS2PD X9, Y0
	VADDPD 0(DI), X0, X2
	VMOVUPD X2, 0(DI)
	ADDQ R11, DI
	VCVTPS2PD X10, Y0
	VADDPD 0(DI), X0, X2
	VMOVUPD X2, 0(DI)
	VEXTRACTF128 $1, Y0, X3
	VADDSD 16(DI), X3, X3
	VMOVSD X3, 16(DI)
	ADDQ R11, DI
	VCVTPS2PD X11, Y0
	VADDPD 0(DI), Y0, Y0
	VMOVUPD Y0, 0(DI)
	ADDQ R11, DI
	VCVTPS2PD X12, Y0
	VEXTRACTF128 $1, Y12, X1
	VCVTPS2PD X1, Y1
	VADDPD 0(DI), Y0, Y0
	VMOVUPD Y0, 0(DI)
	VADDSD 32(DI), X1, X2
	VMOVSD X2, 32(DI)
	ADDQ R11, DI
	VCVTPS2PD X13, Y0
	VEXTRACTF128 $1, Y13, X1
	VCVTPS2PD X1, Y1
	VADDPD 0(DI), Y0, Y0
	VMOVUPD Y0, 0(DI)
	VADDPD 32(DI), X1, X2
	VMOVUPD X2, 32(DI)
	ADDQ R11, DI
	VCVTPS2PD X14, Y0
	VEXTRACTF128 $1, Y14, X1
	VCVTPS2PD X1, Y1
	VADDPD 0(DI), Y0, Y0
	VMOVUPD Y0, 0(DI)
	VADDPD 32(DI), X1, X2
	VMOVUPD X2, 32(DI)
	VEXTRACTF128 $1, Y1, X3
	VADDSD 48(DI), X3, X3
	VMOVSD X3, 48(DI)
	ADDQ R11, DI
	VCVTPS2PD X15, Y0
	VEXTRACTF128 $1, Y15, X1
	VCVTPS2PD X1, Y1
	VADDPD 0(DI), Y0, Y0
	VMOVUPD Y0, 0(DI)
	VADDPD 32(DI), Y1, Y1
	VMOVUPD Y1, 32(DI)
	VZEROUPPER
	RET

// func gramK6x16Col(k int, n int, ai *float32, aj *float32, ld int, c *float64, ldc int)
// gramK6x16 adding into c for n ≥ 1 tiles down a column: tile t reads ai[6t…] and adds
// into the six rows of c from row 6t. One call for the tiles of a strip below its diagonal
// block.
TEXT ·gramK6x16Col(SB), NOSPLIT, $0-56
	MOVQ k+0(FP), R9
	MOVQ n+8(FP), R10
	MOVQ ai+16(FP), R12
	MOVQ aj+24(FP), R13
	MOVQ ld+32(FP), R8
	SHLQ $2, R8
	MOVQ c+40(FP), R14
	MOVQ ldc+48(FP), R11
	SHLQ $3, R11
	LEAQ (R11)(R11*2), R15
	SHLQ $1, R15
gramK6x16Col_tile:
	MOVQ R9, CX
	MOVQ R12, SI
	MOVQ R13, DX
	MOVQ R14, DI
	G6X16_ZERO
gramK6x16Col_loop:
	G6X16_STEP
	DECQ CX
	JNZ gramK6x16Col_loop
	G6X16_ADDC
	ADDQ $24, R12
	ADDQ R15, R14
	DECQ R10
	JNZ gramK6x16Col_tile
	VZEROUPPER
	RET
