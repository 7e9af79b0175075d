//go:build !purego && !noasm

#include "textflag.h"

// func sumRows32x64AVX2(n, C, kb int, w *float64, d *float32, ldd int, dst *float64, lddst int)
// dst[r*lddst+j] = Σ_{c<C} w[r*C+c]·d[(r*C+c)*ldd+j] for r < n, j < kb; kb a positive multiple
// of 16, C ≥ 1. Sixteen columns at a time in Y0..Y3, from zero, each row c of the group
// widened (VCVTPS2PD) and added times its weight (broadcast in Y4) with the fused
// multiply-add of axpy32x64AVX2, in order of c. R8, R9 and R11 hold the group's weights,
// first row of d and row of dst; SI and DI the column block, DX and R13 the row c.
TEXT ·sumRows32x64AVX2(SB), NOSPLIT, $0-64
	MOVQ n+0(FP), AX
	MOVQ w+24(FP), R8
	MOVQ d+32(FP), R9
	MOVQ ldd+40(FP), R10
	SHLQ $2, R10                    // row stride of d in bytes
	MOVQ dst+48(FP), R11
	MOVQ lddst+56(FP), R12
	SHLQ $3, R12                    // row stride of dst in bytes
group:
	MOVQ kb+16(FP), BX
	MOVQ R9, SI
	MOVQ R11, DI
block:
	VXORPD Y0, Y0, Y0
	VXORPD Y1, Y1, Y1
	VXORPD Y2, Y2, Y2
	VXORPD Y3, Y3, Y3
	MOVQ C+8(FP), CX
	MOVQ SI, DX
	MOVQ R8, R13
rows:
	VBROADCASTSD (R13), Y4
	VCVTPS2PD (DX), Y5
	VCVTPS2PD 16(DX), Y6
	VCVTPS2PD 32(DX), Y7
	VCVTPS2PD 48(DX), Y8
	VFMADD231PD Y4, Y5, Y0          // Y0 += w[c]*d[c, j:j+4]
	VFMADD231PD Y4, Y6, Y1
	VFMADD231PD Y4, Y7, Y2
	VFMADD231PD Y4, Y8, Y3
	ADDQ $8, R13
	ADDQ R10, DX
	DECQ CX
	JNZ  rows
	VMOVUPD Y0, (DI)
	VMOVUPD Y1, 32(DI)
	VMOVUPD Y2, 64(DI)
	VMOVUPD Y3, 96(DI)
	ADDQ $64, SI
	ADDQ $128, DI
	SUBQ $16, BX
	JNZ  block
	MOVQ C+8(FP), CX
	LEAQ (R8)(CX*8), R8             // the next group's weights
	IMULQ R10, CX
	ADDQ CX, R9                     // its first row of d
	ADDQ R12, R11
	DECQ AX
	JNZ  group
	VZEROUPPER
	RET
