//go:build !purego && !noasm

#include "textflag.h"

// Vector kernels over whole blocks of 8 float32 (4 float64); Go handles the tails.

// func axpyAVX2(alpha float32, x, y *float32, n int)
// y[i] += alpha*x[i]; n is a multiple of 8.
TEXT ·axpyAVX2(SB), NOSPLIT, $0-32
	VBROADCASTSS alpha+0(FP), Y0
	MOVQ x+8(FP), SI
	MOVQ y+16(FP), DX
	MOVQ n+24(FP), CX
	CMPQ CX, $32
	JLT  axpy8
axpy32:
	VMOVUPS (DX), Y1
	VMOVUPS 32(DX), Y2
	VMOVUPS 64(DX), Y3
	VMOVUPS 96(DX), Y4
	VFMADD231PS (SI), Y0, Y1   // Y1 += alpha*x
	VFMADD231PS 32(SI), Y0, Y2
	VFMADD231PS 64(SI), Y0, Y3
	VFMADD231PS 96(SI), Y0, Y4
	VMOVUPS Y1, (DX)
	VMOVUPS Y2, 32(DX)
	VMOVUPS Y3, 64(DX)
	VMOVUPS Y4, 96(DX)
	ADDQ $128, SI
	ADDQ $128, DX
	SUBQ $32, CX
	CMPQ CX, $32
	JGE  axpy32
axpy8:
	TESTQ CX, CX
	JZ    axpydone
	VMOVUPS (DX), Y1
	VFMADD231PS (SI), Y0, Y1
	VMOVUPS Y1, (DX)
	ADDQ $32, SI
	ADDQ $32, DX
	SUBQ $8, CX
	JMP  axpy8
axpydone:
	VZEROUPPER
	RET

// func hadamardAVX2(dst, x, y *float32, n int)
// dst[i] = x[i]*y[i]; n is a multiple of 8; dst may alias x or y exactly.
TEXT ·hadamardAVX2(SB), NOSPLIT, $0-32
	MOVQ dst+0(FP), DI
	MOVQ x+8(FP), SI
	MOVQ y+16(FP), DX
	MOVQ n+24(FP), CX
had8:
	TESTQ CX, CX
	JZ    haddone
	VMOVUPS (SI), Y0
	VMULPS (DX), Y0, Y0
	VMOVUPS Y0, (DI)
	ADDQ $32, SI
	ADDQ $32, DX
	ADDQ $32, DI
	SUBQ $8, CX
	JMP  had8
haddone:
	VZEROUPPER
	RET

// func fmaPeakAVX2(iters int)
// 12 independent chains of VFMADD231PS on ymm registers, 10 rounds per iteration:
// iters*120 FMAs of 8 lanes (16 flops each). Used by the peak-throughput benchmark.
TEXT ·fmaPeakAVX2(SB), NOSPLIT, $0-8
	MOVQ iters+0(FP), CX
	VXORPS Y0, Y0, Y0
	VXORPS Y1, Y1, Y1
	VXORPS Y4, Y4, Y4
	VXORPS Y5, Y5, Y5
	VXORPS Y6, Y6, Y6
	VXORPS Y7, Y7, Y7
	VXORPS Y8, Y8, Y8
	VXORPS Y9, Y9, Y9
	VXORPS Y10, Y10, Y10
	VXORPS Y11, Y11, Y11
	VXORPS Y12, Y12, Y12
	VXORPS Y13, Y13, Y13
	VXORPS Y14, Y14, Y14
	VXORPS Y15, Y15, Y15
	VXORPS Y2, Y2, Y2
	VXORPS Y3, Y3, Y3
peak:
#define ROUND \
	VFMADD231PS Y0, Y1, Y4; VFMADD231PS Y0, Y1, Y5; VFMADD231PS Y0, Y1, Y6; VFMADD231PS Y0, Y1, Y7; \
	VFMADD231PS Y0, Y1, Y8; VFMADD231PS Y0, Y1, Y9; VFMADD231PS Y0, Y1, Y10; VFMADD231PS Y0, Y1, Y11; \
	VFMADD231PS Y0, Y1, Y12; VFMADD231PS Y0, Y1, Y13; VFMADD231PS Y0, Y1, Y14; VFMADD231PS Y0, Y1, Y15
	ROUND; ROUND; ROUND; ROUND; ROUND
	ROUND; ROUND; ROUND; ROUND; ROUND
#undef ROUND
	DECQ CX
	JNZ  peak
	VZEROUPPER
	RET

// func fmaPeakAVX512(iters int)
// As fmaPeakAVX2 on zmm registers (16 lanes, 32 flops each).
TEXT ·fmaPeakAVX512(SB), NOSPLIT, $0-8
	MOVQ iters+0(FP), CX
	VPXORD Z0, Z0, Z0
	VPXORD Z1, Z1, Z1
	VPXORD Z4, Z4, Z4
	VPXORD Z5, Z5, Z5
	VPXORD Z6, Z6, Z6
	VPXORD Z7, Z7, Z7
	VPXORD Z8, Z8, Z8
	VPXORD Z9, Z9, Z9
	VPXORD Z10, Z10, Z10
	VPXORD Z11, Z11, Z11
	VPXORD Z12, Z12, Z12
	VPXORD Z13, Z13, Z13
	VPXORD Z14, Z14, Z14
	VPXORD Z15, Z15, Z15
peak512:
#define ROUND \
	VFMADD231PS Z0, Z1, Z4; VFMADD231PS Z0, Z1, Z5; VFMADD231PS Z0, Z1, Z6; VFMADD231PS Z0, Z1, Z7; \
	VFMADD231PS Z0, Z1, Z8; VFMADD231PS Z0, Z1, Z9; VFMADD231PS Z0, Z1, Z10; VFMADD231PS Z0, Z1, Z11; \
	VFMADD231PS Z0, Z1, Z12; VFMADD231PS Z0, Z1, Z13; VFMADD231PS Z0, Z1, Z14; VFMADD231PS Z0, Z1, Z15
	ROUND; ROUND; ROUND; ROUND; ROUND
	ROUND; ROUND; ROUND; ROUND; ROUND
#undef ROUND
	DECQ CX
	JNZ  peak512
	VZEROUPPER
	RET

// func colSumAVX2(rows, n, lda int, alpha float32, a, dst *float32, mask *int32)
// dst[j] = alpha·Σ_i a[i·lda+j], the rows summed in order (one accumulator per column),
// 32 columns at a time, then 8, then the masked rest.
TEXT ·colSumAVX2(SB), NOSPLIT, $0-56
	MOVQ rows+0(FP), R10
	MOVQ n+8(FP), R11
	MOVQ lda+16(FP), R12
	SHLQ $2, R12                    // row stride in bytes
	VBROADCASTSS alpha+24(FP), Y8
	MOVQ a+32(FP), SI
	MOVQ dst+40(FP), DI
	MOVQ mask+48(FP), DX
cs32:
	CMPQ R11, $32
	JLT  cs8
	MOVQ SI, AX
	MOVQ R10, CX
	VXORPS Y0, Y0, Y0
	VXORPS Y1, Y1, Y1
	VXORPS Y2, Y2, Y2
	VXORPS Y3, Y3, Y3
cs32row:
	VADDPS (AX), Y0, Y0
	VADDPS 32(AX), Y1, Y1
	VADDPS 64(AX), Y2, Y2
	VADDPS 96(AX), Y3, Y3
	ADDQ R12, AX
	DECQ CX
	JNZ  cs32row
	VMULPS Y8, Y0, Y0
	VMULPS Y8, Y1, Y1
	VMULPS Y8, Y2, Y2
	VMULPS Y8, Y3, Y3
	VMOVUPS Y0, (DI)
	VMOVUPS Y1, 32(DI)
	VMOVUPS Y2, 64(DI)
	VMOVUPS Y3, 96(DI)
	ADDQ $128, SI
	ADDQ $128, DI
	SUBQ $32, R11
	JMP  cs32
cs8:
	CMPQ R11, $8
	JLT  csrest
	MOVQ SI, AX
	MOVQ R10, CX
	VXORPS Y0, Y0, Y0
cs8row:
	VADDPS (AX), Y0, Y0
	ADDQ R12, AX
	DECQ CX
	JNZ  cs8row
	VMULPS Y8, Y0, Y0
	VMOVUPS Y0, (DI)
	ADDQ $32, SI
	ADDQ $32, DI
	SUBQ $8, R11
	JMP  cs8
csrest:
	TESTQ R11, R11
	JZ    csdone
	VMOVUPS (DX), Y9
	MOVQ SI, AX
	MOVQ R10, CX
	VXORPS Y0, Y0, Y0
csrestrow:
	VMASKMOVPS (AX), Y9, Y1
	VADDPS Y1, Y0, Y0
	ADDQ R12, AX
	DECQ CX
	JNZ  csrestrow
	VMULPS Y8, Y0, Y0
	VMASKMOVPS Y0, Y9, (DI)
csdone:
	VZEROUPPER
	RET

// func transpose8AVX2(t *float32, ldt int, b *float32, ldb int, nb, kb int)
// Writes the transpose of the (8·nb)×(8·kb) matrix b (stride ldb) into t (stride ldt):
// t[p·ldt+j] = b[j·ldb+p], in 8×8 blocks (unpack pairs of rows, shuffle pairs of pairs,
// exchange 128-bit halves). nb, kb ≥ 1.
TEXT ·transpose8AVX2(SB), NOSPLIT, $0-48
	MOVQ t+0(FP), DI
	MOVQ ldt+8(FP), R8
	SHLQ $2, R8                     // t row stride in bytes
	MOVQ b+16(FP), SI
	MOVQ ldb+24(FP), R9
	SHLQ $2, R9                     // b row stride in bytes
	MOVQ nb+32(FP), R10
	LEAQ (R9)(R9*2), R11            // 3 rows of b
	LEAQ (R8)(R8*2), R12            // 3 rows of t
tjrow: // a band of 8 rows of b, which becomes 8 columns of t
	MOVQ kb+40(FP), CX
	MOVQ SI, AX                     // b block
	MOVQ DI, DX                     // t block
tblk:
	MOVQ AX, BX
	VMOVUPS (BX), Y0
	VMOVUPS (BX)(R9*1), Y1
	VMOVUPS (BX)(R9*2), Y2
	VMOVUPS (BX)(R11*1), Y3
	LEAQ    (BX)(R9*4), BX
	VMOVUPS (BX), Y4
	VMOVUPS (BX)(R9*1), Y5
	VMOVUPS (BX)(R9*2), Y6
	VMOVUPS (BX)(R11*1), Y7
	VUNPCKLPS Y1, Y0, Y8            // r0[0] r1[0] r0[1] r1[1] | r0[4] r1[4] r0[5] r1[5]
	VUNPCKHPS Y1, Y0, Y9            // lanes 2, 3 | 6, 7
	VUNPCKLPS Y3, Y2, Y10
	VUNPCKHPS Y3, Y2, Y11
	VUNPCKLPS Y5, Y4, Y12
	VUNPCKHPS Y5, Y4, Y13
	VUNPCKLPS Y7, Y6, Y14
	VUNPCKHPS Y7, Y6, Y15
	VSHUFPS $0x44, Y10, Y8, Y0      // r0..r3 at column 0 | column 4
	VSHUFPS $0xEE, Y10, Y8, Y1      // column 1 | 5
	VSHUFPS $0x44, Y11, Y9, Y2      // column 2 | 6
	VSHUFPS $0xEE, Y11, Y9, Y3      // column 3 | 7
	VSHUFPS $0x44, Y14, Y12, Y4     // r4..r7, likewise
	VSHUFPS $0xEE, Y14, Y12, Y5
	VSHUFPS $0x44, Y15, Y13, Y6
	VSHUFPS $0xEE, Y15, Y13, Y7
	VPERM2F128 $0x20, Y4, Y0, Y8    // column 0: r0..r7
	VPERM2F128 $0x20, Y5, Y1, Y9    // column 1
	VPERM2F128 $0x20, Y6, Y2, Y10   // column 2
	VPERM2F128 $0x20, Y7, Y3, Y11   // column 3
	VPERM2F128 $0x31, Y4, Y0, Y12   // column 4
	VPERM2F128 $0x31, Y5, Y1, Y13   // column 5
	VPERM2F128 $0x31, Y6, Y2, Y14   // column 6
	VPERM2F128 $0x31, Y7, Y3, Y15   // column 7
	MOVQ DX, BX
	VMOVUPS Y8, (BX)
	VMOVUPS Y9, (BX)(R8*1)
	VMOVUPS Y10, (BX)(R8*2)
	VMOVUPS Y11, (BX)(R12*1)
	LEAQ    (BX)(R8*4), BX
	VMOVUPS Y12, (BX)
	VMOVUPS Y13, (BX)(R8*1)
	VMOVUPS Y14, (BX)(R8*2)
	VMOVUPS Y15, (BX)(R12*1)
	ADDQ $32, AX                    // next 8 columns of b
	LEAQ (DX)(R8*8), DX             // next 8 rows of t
	DECQ CX
	JNZ  tblk
	LEAQ (SI)(R9*8), SI             // next 8 rows of b
	ADDQ $32, DI                    // next 8 columns of t
	DECQ R10
	JNZ  tjrow
	VZEROUPPER
	RET
