//go:build !purego && !noasm

#include "textflag.h"
#include "neon_arm64.h"

// NEON kernels over whole blocks; Go (kernels_arm64.go) handles tails and edges.
// The assembler has no mnemonic for vector FADDP and FCVTL/FCVTL2: those are WORDs
// with the instruction beside them. VADD is integer-only and is not used on floats.

// func dotNEON(x, y *float32, n int) float32
// n is a positive multiple of 16.
TEXT ·dotNEON(SB), NOSPLIT, $0-28
	MOVD x+0(FP), R0
	MOVD y+8(FP), R1
	MOVD n+16(FP), R2
	ZERO_V0_V3                                      // four accumulators of 4 lanes

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
	ZERO_V0_V3                                      // four accumulators of 2 float64

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
	ZERO_V16_V23

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

// func ntK4x4NEON(k int, a *float32, lda int, b *float32, ldb int, c *float32, ldc int, tail *[16]float32, loadC int, alpha, beta float32)
// The 4×4 block C[r, j] = alpha*(Σ_{p<k} A[r,p]*B[j,p] + tail[4r+j]) (+ beta*C[r, j] when
// loadC != 0), A rows at a + r*lda, B rows at b + j*ldb, C rows at c + r*ldc.
// k is a positive multiple of 4; tail holds the products beyond k (computed in Go).
// Accumulator V16+4r+j holds four partial sums (one per lane) of C[r, j].
TEXT ·ntK4x4NEON(SB), NOSPLIT, $0-80
	MOVD k+0(FP), R0
	MOVD a+8(FP), R2
	MOVD lda+16(FP), R1
	LSL  $2, R1
	ADD  R1, R2, R3                                 // A row pointers R2..R5
	ADD  R1, R3, R4
	ADD  R1, R4, R5
	MOVD b+24(FP), R6
	MOVD ldb+32(FP), R1
	LSL  $2, R1
	ADD  R1, R6, R7                                 // B row pointers R6..R9
	ADD  R1, R7, R8
	ADD  R1, R8, R9
	ZERO_V16_V31

ntloop:
	VLD1.P 16(R2), [V0.S4]                          // A[0, p:p+4]
	VLD1.P 16(R3), [V1.S4]                          // A[1, p:p+4]
	VLD1.P 16(R4), [V2.S4]                          // A[2, p:p+4]
	VLD1.P 16(R5), [V3.S4]                          // A[3, p:p+4]
	VLD1.P 16(R6), [V4.S4]                          // B[0, p:p+4]
	VLD1.P 16(R7), [V5.S4]                          // B[1, p:p+4]
	VLD1.P 16(R8), [V6.S4]                          // B[2, p:p+4]
	VLD1.P 16(R9), [V7.S4]                          // B[3, p:p+4]
	VFMLA  V0.S4, V4.S4, V16.S4                     // V16 += A[0]*B[0]
	VFMLA  V0.S4, V5.S4, V17.S4                     // V17 += A[0]*B[1]
	VFMLA  V0.S4, V6.S4, V18.S4
	VFMLA  V0.S4, V7.S4, V19.S4
	VFMLA  V1.S4, V4.S4, V20.S4                     // V20 += A[1]*B[0]
	VFMLA  V1.S4, V5.S4, V21.S4
	VFMLA  V1.S4, V6.S4, V22.S4
	VFMLA  V1.S4, V7.S4, V23.S4
	VFMLA  V2.S4, V4.S4, V24.S4                     // V24 += A[2]*B[0]
	VFMLA  V2.S4, V5.S4, V25.S4
	VFMLA  V2.S4, V6.S4, V26.S4
	VFMLA  V2.S4, V7.S4, V27.S4
	VFMLA  V3.S4, V4.S4, V28.S4                     // V28 += A[3]*B[0]
	VFMLA  V3.S4, V5.S4, V29.S4
	VFMLA  V3.S4, V6.S4, V30.S4
	VFMLA  V3.S4, V7.S4, V31.S4
	SUBS   $4, R0, R0
	BNE    ntloop

	// Lane reductions: row r ends in Vr = [C[r,0], C[r,1], C[r,2], C[r,3]] sums.
	WORD $0x6e31d604          // FADDP V4.4S, V16.4S, V17.4S
	WORD $0x6e33d645          // FADDP V5.4S, V18.4S, V19.4S
	WORD $0x6e25d480          // FADDP V0.4S, V4.4S, V5.4S
	WORD $0x6e35d684          // FADDP V4.4S, V20.4S, V21.4S
	WORD $0x6e37d6c5          // FADDP V5.4S, V22.4S, V23.4S
	WORD $0x6e25d481          // FADDP V1.4S, V4.4S, V5.4S
	WORD $0x6e39d704          // FADDP V4.4S, V24.4S, V25.4S
	WORD $0x6e3bd745          // FADDP V5.4S, V26.4S, V27.4S
	WORD $0x6e25d482          // FADDP V2.4S, V4.4S, V5.4S
	WORD $0x6e3dd784          // FADDP V4.4S, V28.4S, V29.4S
	WORD $0x6e3fd7c5          // FADDP V5.4S, V30.4S, V31.4S
	WORD $0x6e25d483          // FADDP V3.4S, V4.4S, V5.4S

	MOVD tail+56(FP), R1
	VLD1 (R1), [V4.S4, V5.S4, V6.S4, V7.S4]         // tail rows 0..3
	WORD $0x4e24d400          // FADD V0.4S, V0.4S, V4.4S
	WORD $0x4e25d421          // FADD V1.4S, V1.4S, V5.4S
	WORD $0x4e26d442          // FADD V2.4S, V2.4S, V6.4S
	WORD $0x4e27d463          // FADD V3.4S, V3.4S, V7.4S

	FMOVS alpha+72(FP), F8
	VDUP  V8.S[0], V8.S4                            // alpha
	FMOVS beta+76(FP), F9
	VDUP  V9.S[0], V9.S4                            // beta
	VZERO4(V10, V11, V12, V13)                      // V10..V13 = alpha*sums
	VFMLA V0.S4, V8.S4, V10.S4
	VFMLA V1.S4, V8.S4, V11.S4
	VFMLA V2.S4, V8.S4, V12.S4
	VFMLA V3.S4, V8.S4, V13.S4
	MOVD  c+40(FP), R2
	MOVD  ldc+48(FP), R1
	LSL   $2, R1
	ADD   R1, R2, R3                                // C row pointers R2..R5
	ADD   R1, R3, R4
	ADD   R1, R4, R5
	MOVD  loadC+64(FP), R0
	CBZ   R0, ntstore
	VLD1  (R2), [V4.S4]                             // + beta*C
	VLD1  (R3), [V5.S4]
	VLD1  (R4), [V6.S4]
	VLD1  (R5), [V7.S4]
	VFMLA V4.S4, V9.S4, V10.S4
	VFMLA V5.S4, V9.S4, V11.S4
	VFMLA V6.S4, V9.S4, V12.S4
	VFMLA V7.S4, V9.S4, V13.S4

ntstore:
	VST1 [V10.S4], (R2)
	VST1 [V11.S4], (R3)
	VST1 [V12.S4], (R4)
	VST1 [V13.S4], (R5)
	RET
