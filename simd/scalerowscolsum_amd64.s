//go:build !purego && !noasm

#include "textflag.h"

// func scaleRowsColSumAVX2(n, k int, s, a *float32, lda int, dst *float32, ldd int, alpha float32, sums *float32)
// Column blocks of 32 (four accumulators), then of 8; per row of a block: s[i] broadcast,
// the row loaded once, the FMA into the sums, the product stored.
TEXT ·scaleRowsColSumAVX2(SB), NOSPLIT, $0-72
	MOVQ n+0(FP), R8
	MOVQ k+8(FP), R9
	MOVQ s+16(FP), R10
	MOVQ a+24(FP), SI
	MOVQ lda+32(FP), R11
	SHLQ $2, R11                 // A's row stride in bytes
	MOVQ dst+40(FP), DI
	MOVQ ldd+48(FP), R12
	SHLQ $2, R12                 // dst's row stride in bytes
	VBROADCASTSS alpha+56(FP), Y15
	MOVQ sums+64(FP), DX
col32:
	CMPQ R9, $32
	JLT  col8
	VXORPS Y0, Y0, Y0
	VXORPS Y1, Y1, Y1
	VXORPS Y2, Y2, Y2
	VXORPS Y3, Y3, Y3
	MOVQ SI, AX
	MOVQ DI, BX
	MOVQ R10, CX
	MOVQ R8, R13
row32:
	VBROADCASTSS (CX), Y4
	VMOVUPS (AX), Y5
	VMOVUPS 32(AX), Y6
	VMOVUPS 64(AX), Y7
	VMOVUPS 96(AX), Y8
	VFMADD231PS Y5, Y4, Y0       // acc += s_i·a_i
	VFMADD231PS Y6, Y4, Y1
	VFMADD231PS Y7, Y4, Y2
	VFMADD231PS Y8, Y4, Y3
	VMULPS  Y5, Y4, Y5           // s_i·a_i
	VMULPS  Y6, Y4, Y6
	VMULPS  Y7, Y4, Y7
	VMULPS  Y8, Y4, Y8
	VMOVUPS Y5, (BX)
	VMOVUPS Y6, 32(BX)
	VMOVUPS Y7, 64(BX)
	VMOVUPS Y8, 96(BX)
	ADDQ $4, CX
	ADDQ R11, AX
	ADDQ R12, BX
	DECQ R13
	JNZ  row32
	VMULPS  Y15, Y0, Y0          // alpha·acc
	VMULPS  Y15, Y1, Y1
	VMULPS  Y15, Y2, Y2
	VMULPS  Y15, Y3, Y3
	VMOVUPS Y0, (DX)
	VMOVUPS Y1, 32(DX)
	VMOVUPS Y2, 64(DX)
	VMOVUPS Y3, 96(DX)
	ADDQ $128, SI
	ADDQ $128, DI
	ADDQ $128, DX
	SUBQ $32, R9
	JMP  col32
col8:
	TESTQ R9, R9
	JZ    done
	VXORPS Y0, Y0, Y0
	MOVQ SI, AX
	MOVQ DI, BX
	MOVQ R10, CX
	MOVQ R8, R13
row8:
	VBROADCASTSS (CX), Y4
	VMOVUPS (AX), Y5
	VFMADD231PS Y5, Y4, Y0
	VMULPS  Y5, Y4, Y5
	VMOVUPS Y5, (BX)
	ADDQ $4, CX
	ADDQ R11, AX
	ADDQ R12, BX
	DECQ R13
	JNZ  row8
	VMULPS  Y15, Y0, Y0
	VMOVUPS Y0, (DX)
	ADDQ $32, SI
	ADDQ $32, DI
	ADDQ $32, DX
	SUBQ $8, R9
	JMP  col8
done:
	VZEROUPPER
	RET
