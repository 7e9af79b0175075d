//go:build !purego && !noasm

#include "textflag.h"

// NEON kernels over whole blocks; Go (kernels_arm64.go) handles tails and edges.
// The assembler has no mnemonic for vector FADDP and FCVTL/FCVTL2: those are WORDs
// with the instruction beside them. VADD is integer-only and is not used on floats.

// func dotNEON(x, y *float32, n int) float32
// n is a positive multiple of 16.
TEXT ·dotNEON(SB), NOSPLIT, $0-28
	MOVD x+0(FP), R0
	MOVD y+8(FP), R1
	MOVD n+16(FP), R2
	VEOR V0.B16, V0.B16, V0.B16                     // four accumulators of 4 lanes
	VEOR V1.B16, V1.B16, V1.B16
	VEOR V2.B16, V2.B16, V2.B16
	VEOR V3.B16, V3.B16, V3.B16

dotloop:
	VLD1.P 64(R0), [V4.S4, V5.S4, V6.S4, V7.S4]     // x[0:16]
	VLD1.P 64(R1), [V16.S4, V17.S4, V18.S4, V19.S4] // y[0:16]
	VFMLA  V4.S4, V16.S4, V0.S4                     // V0 += x[0:4]*y[0:4]
	VFMLA  V5.S4, V17.S4, V1.S4
	VFMLA  V6.S4, V18.S4, V2.S4
	VFMLA  V7.S4, V19.S4, V3.S4
	SUBS   $16, R2, R2
	BNE    dotloop

	WORD $0x6e21d400          // FADDP V0.4S, V0.4S, V1.4S
	WORD $0x6e23d442          // FADDP V2.4S, V2.4S, V3.4S
	WORD $0x6e22d400          // FADDP V0.4S, V0.4S, V2.4S
	WORD $0x6e20d400          // FADDP V0.4S, V0.4S, V0.4S
	WORD $0x7e30d800          // FADDP S0, V0.2S
	FMOVS F0, ret+24(FP)
	RET

// func axpyNEON(alpha float32, x, y *float32, n int)
// y[i] += alpha*x[i]; n is a positive multiple of 16.
TEXT ·axpyNEON(SB), NOSPLIT, $0-32
	FMOVS alpha+0(FP), F0
	VDUP  V0.S[0], V0.S4                            // alpha in every lane
	MOVD  x+8(FP), R0
	MOVD  y+16(FP), R1
	MOVD  n+24(FP), R2

axpyloop:
	VLD1.P 64(R0), [V4.S4, V5.S4, V6.S4, V7.S4]     // x[0:16]
	VLD1   (R1), [V16.S4, V17.S4, V18.S4, V19.S4]   // y[0:16]
	VFMLA  V4.S4, V0.S4, V16.S4                     // y += alpha*x
	VFMLA  V5.S4, V0.S4, V17.S4
	VFMLA  V6.S4, V0.S4, V18.S4
	VFMLA  V7.S4, V0.S4, V19.S4
	VST1.P [V16.S4, V17.S4, V18.S4, V19.S4], 64(R1)
	SUBS   $16, R2, R2
	BNE    axpyloop
	RET

// func dot64NEON(x, y *float32, n int) float64
// Σ float64(x[i])*float64(y[i]) with float64 FMAs; n is a positive multiple of 8.
TEXT ·dot64NEON(SB), NOSPLIT, $0-32
	MOVD x+0(FP), R0
	MOVD y+8(FP), R1
	MOVD n+16(FP), R2
	VEOR V0.B16, V0.B16, V0.B16                     // four accumulators of 2 float64
	VEOR V1.B16, V1.B16, V1.B16
	VEOR V2.B16, V2.B16, V2.B16
	VEOR V3.B16, V3.B16, V3.B16

dot64loop:
	VLD1.P 32(R0), [V4.S4, V5.S4]                   // x[0:8]
	VLD1.P 32(R1), [V6.S4, V7.S4]                   // y[0:8]
	WORD   $0x0e617890                              // FCVTL  V16.2D, V4.2S
	WORD   $0x4e617891                              // FCVTL2 V17.2D, V4.4S
	WORD   $0x0e6178b2                              // FCVTL  V18.2D, V5.2S
	WORD   $0x4e6178b3                              // FCVTL2 V19.2D, V5.4S
	WORD   $0x0e6178d4                              // FCVTL  V20.2D, V6.2S
	WORD   $0x4e6178d5                              // FCVTL2 V21.2D, V6.4S
	WORD   $0x0e6178f6                              // FCVTL  V22.2D, V7.2S
	WORD   $0x4e6178f7                              // FCVTL2 V23.2D, V7.4S
	VFMLA  V16.D2, V20.D2, V0.D2                    // V0 += x[0:2]*y[0:2]
	VFMLA  V17.D2, V21.D2, V1.D2
	VFMLA  V18.D2, V22.D2, V2.D2
	VFMLA  V19.D2, V23.D2, V3.D2
	SUBS   $8, R2, R2
	BNE    dot64loop

	WORD $0x6e61d400          // FADDP V0.2D, V0.2D, V1.2D
	WORD $0x6e63d442          // FADDP V2.2D, V2.2D, V3.2D
	WORD $0x6e62d400          // FADDP V0.2D, V0.2D, V2.2D
	WORD $0x7e70d800          // FADDP D0, V0.2D
	FMOVD F0, ret+24(FP)
	RET

// func nnK4x8NEON(k int, a *float32, ars, aps int, b *float32, ldb int, c *float32, ldc int, loadC int, alpha, beta float32)
// The 4×8 block C[r, 0:8] = alpha*Σ_p A(r,p)*B[p, 0:8] (+ beta*C when loadC != 0),
// A(r,p) at a + r*ars + p*aps (GemmNN: ars = lda, aps = 1; GemmTN: ars = 1, aps = lda).
// k ≥ 1. Accumulators V16..V23 (row r, half h in V16+2r+h).
TEXT ·nnK4x8NEON(SB), NOSPLIT, $0-80
	MOVD k+0(FP), R0
	MOVD a+8(FP), R6
	MOVD ars+16(FP), R2
	LSL  $2, R2
	MOVD aps+24(FP), R3
	LSL  $2, R3
	MOVD b+32(FP), R4
	MOVD ldb+40(FP), R5
	LSL  $2, R5
	ADD  R2, R6, R7                                 // row pointers R6..R9
	ADD  R2, R7, R8
	ADD  R2, R8, R9
	VEOR V16.B16, V16.B16, V16.B16
	VEOR V17.B16, V17.B16, V17.B16
	VEOR V18.B16, V18.B16, V18.B16
	VEOR V19.B16, V19.B16, V19.B16
	VEOR V20.B16, V20.B16, V20.B16
	VEOR V21.B16, V21.B16, V21.B16
	VEOR V22.B16, V22.B16, V22.B16
	VEOR V23.B16, V23.B16, V23.B16

nnloop:
	VLD1.P (R4)(R5), [V0.S4, V1.S4]                 // B[p, 0:8]; next row
	VLD1R.P (R6)(R3), [V2.S4]                       // A(0,p) in every lane; next p
	VLD1R.P (R7)(R3), [V3.S4]                       // A(1,p)
	VLD1R.P (R8)(R3), [V4.S4]                       // A(2,p)
	VLD1R.P (R9)(R3), [V5.S4]                       // A(3,p)
	VFMLA  V0.S4, V2.S4, V16.S4
	VFMLA  V1.S4, V2.S4, V17.S4
	VFMLA  V0.S4, V3.S4, V18.S4
	VFMLA  V1.S4, V3.S4, V19.S4
	VFMLA  V0.S4, V4.S4, V20.S4
	VFMLA  V1.S4, V4.S4, V21.S4
	VFMLA  V0.S4, V5.S4, V22.S4
	VFMLA  V1.S4, V5.S4, V23.S4
	SUBS   $1, R0, R0
	BNE    nnloop

	FMOVS alpha+72(FP), F6
	VDUP  V6.S[0], V6.S4                            // alpha
	FMOVS beta+76(FP), F7
	VDUP  V7.S[0], V7.S4                            // beta
	MOVD  c+48(FP), R10
	MOVD  ldc+56(FP), R11
	LSL   $2, R11
	MOVD  loadC+64(FP), R12

	VEOR  V24.B16, V24.B16, V24.B16                 // row 0: V24:V25 = alpha*acc
	VEOR  V25.B16, V25.B16, V25.B16
	VFMLA V16.S4, V6.S4, V24.S4
	VFMLA V17.S4, V6.S4, V25.S4
	CBZ   R12, row0store
	VLD1  (R10), [V26.S4, V27.S4]                   // + beta*C
	VFMLA V26.S4, V7.S4, V24.S4
	VFMLA V27.S4, V7.S4, V25.S4

row0store:
	VST1.P [V24.S4, V25.S4], (R10)(R11)

	VEOR  V24.B16, V24.B16, V24.B16                 // row 1: V24:V25 = alpha*acc
	VEOR  V25.B16, V25.B16, V25.B16
	VFMLA V18.S4, V6.S4, V24.S4
	VFMLA V19.S4, V6.S4, V25.S4
	CBZ   R12, row1store
	VLD1  (R10), [V26.S4, V27.S4]                   // + beta*C
	VFMLA V26.S4, V7.S4, V24.S4
	VFMLA V27.S4, V7.S4, V25.S4

row1store:
	VST1.P [V24.S4, V25.S4], (R10)(R11)

	VEOR  V24.B16, V24.B16, V24.B16                 // row 2: V24:V25 = alpha*acc
	VEOR  V25.B16, V25.B16, V25.B16
	VFMLA V20.S4, V6.S4, V24.S4
	VFMLA V21.S4, V6.S4, V25.S4
	CBZ   R12, row2store
	VLD1  (R10), [V26.S4, V27.S4]                   // + beta*C
	VFMLA V26.S4, V7.S4, V24.S4
	VFMLA V27.S4, V7.S4, V25.S4

row2store:
	VST1.P [V24.S4, V25.S4], (R10)(R11)

	VEOR  V24.B16, V24.B16, V24.B16                 // row 3: V24:V25 = alpha*acc
	VEOR  V25.B16, V25.B16, V25.B16
	VFMLA V22.S4, V6.S4, V24.S4
	VFMLA V23.S4, V6.S4, V25.S4
	CBZ   R12, row3store
	VLD1  (R10), [V26.S4, V27.S4]                   // + beta*C
	VFMLA V26.S4, V7.S4, V24.S4
	VFMLA V27.S4, V7.S4, V25.S4

row3store:
	VST1.P [V24.S4, V25.S4], (R10)(R11)
	RET
