//go:build !purego && !noasm

#include "textflag.h"

// Vector kernels over whole blocks of 8 float32 (4 float64); Go handles the tails.

// func dotAVX2(x, y *float32, n int) float32
// n is a multiple of 8. Four accumulators hide the FMA latency.
TEXT ·dotAVX2(SB), NOSPLIT, $0-28
	MOVQ x+0(FP), SI
	MOVQ y+8(FP), DX
	MOVQ n+16(FP), CX
	VXORPS Y0, Y0, Y0
	VXORPS Y1, Y1, Y1
	VXORPS Y2, Y2, Y2
	VXORPS Y3, Y3, Y3
	CMPQ CX, $32
	JLT  dot8
dot32:
	VMOVUPS (SI), Y4
	VMOVUPS 32(SI), Y5
	VMOVUPS 64(SI), Y6
	VMOVUPS 96(SI), Y7
	VFMADD231PS (DX), Y4, Y0   // Y0 += x[0:8]*y[0:8]
	VFMADD231PS 32(DX), Y5, Y1
	VFMADD231PS 64(DX), Y6, Y2
	VFMADD231PS 96(DX), Y7, Y3
	ADDQ $128, SI
	ADDQ $128, DX
	SUBQ $32, CX
	CMPQ CX, $32
	JGE  dot32
dot8:
	TESTQ CX, CX
	JZ    dotreduce
	VMOVUPS (SI), Y4
	VFMADD231PS (DX), Y4, Y0
	ADDQ $32, SI
	ADDQ $32, DX
	SUBQ $8, CX
	JMP  dot8
dotreduce:
	VADDPS Y1, Y0, Y0
	VADDPS Y3, Y2, Y2
	VADDPS Y2, Y0, Y0
	VEXTRACTF128 $1, Y0, X1
	VADDPS X1, X0, X0
	VHADDPS X0, X0, X0
	VHADDPS X0, X0, X0
	VMOVSS X0, ret+24(FP)
	VZEROUPPER
	RET

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

// func scalAVX2(alpha float32, x *float32, n int)
// x[i] *= alpha; n is a multiple of 8.
TEXT ·scalAVX2(SB), NOSPLIT, $0-24
	VBROADCASTSS alpha+0(FP), Y0
	MOVQ x+8(FP), SI
	MOVQ n+16(FP), CX
scal8:
	TESTQ CX, CX
	JZ    scaldone
	VMULPS (SI), Y0, Y1
	VMOVUPS Y1, (SI)
	ADDQ $32, SI
	SUBQ $8, CX
	JMP  scal8
scaldone:
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

// func hadamard64AVX2(dst, x, y *float64, n int)
// dst[i] = x[i]*y[i]; n is a multiple of 4; dst may alias x or y exactly.
TEXT ·hadamard64AVX2(SB), NOSPLIT, $0-32
	MOVQ dst+0(FP), DI
	MOVQ x+8(FP), SI
	MOVQ y+16(FP), DX
	MOVQ n+24(FP), CX
had4:
	TESTQ CX, CX
	JZ    had64done
	VMOVUPD (SI), Y0
	VMULPD (DX), Y0, Y0
	VMOVUPD Y0, (DI)
	ADDQ $32, SI
	ADDQ $32, DX
	ADDQ $32, DI
	SUBQ $4, CX
	JMP  had4
had64done:
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
