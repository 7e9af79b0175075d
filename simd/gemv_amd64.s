//go:build !purego && !noasm

#include "textflag.h"

// func gemvAVX2(m, k int, alpha float32, a *float32, lda int, x, y *float32, mask *int32, beta float32, bias *float32)
// For row groups i0 = 0, 8, … (the last one at m − 8): Y0–Y7 hold eight lanes of partial
// sums of rows i0…i0+7, lane l summing a[i,p]·x[p] over p ≡ l (mod 8) in order (one FMA
// per block of eight p; the k mod 8 last p through masked loads, zero elsewhere); the
// lanes are then added pairwise (three rounds of VHADDPS, the halves of each row added
// last), scaled by alpha and stored as y[i0…i0+7]. BX and R9 point at rows i0 and i0+4
// at the current block, CX at x; R10 is the row stride in bytes, R14 three of them. With
// fewer than eight rows, each row alone with the same operations. With bias not nil, y
// += beta·bias[0] after the scaling (one FMA, BiasAct's bias add; Y12 beta, Y13 the bias).
TEXT ·gemvAVX2(SB), NOSPLIT, $0-80
	MOVQ m+0(FP), R8
	MOVQ k+8(FP), R12
	SHRQ $3, R12
	VBROADCASTSS alpha+16(FP), Y15
	MOVQ a+24(FP), SI
	MOVQ lda+32(FP), R10
	SHLQ $2, R10
	LEAQ (R10)(R10*2), R14
	MOVQ x+40(FP), DI
	MOVQ y+48(FP), DX
	MOVQ mask+56(FP), R11
	MOVQ bias+72(FP), AX
	TESTQ AX, AX
	JZ   nobias
	VBROADCASTSS (AX), Y13
	VBROADCASTSS beta+64(FP), Y12
nobias:
	XORQ R13, R13
	CMPQ R8, $8
	JLT  one
group:
	MOVQ R13, AX
	ADDQ $8, AX
	CMPQ AX, R8
	JLE  rows
	MOVQ R8, R13
	SUBQ $8, R13
rows:
	MOVQ R13, BX
	IMULQ R10, BX
	ADDQ SI, BX
	LEAQ (BX)(R10*4), R9
	MOVQ DI, CX
	VXORPS Y0, Y0, Y0
	VXORPS Y1, Y1, Y1
	VXORPS Y2, Y2, Y2
	VXORPS Y3, Y3, Y3
	VXORPS Y4, Y4, Y4
	VXORPS Y5, Y5, Y5
	VXORPS Y6, Y6, Y6
	VXORPS Y7, Y7, Y7
	MOVQ R12, R15
	TESTQ R15, R15
	JZ   tail
block:
	VMOVUPS (CX), Y8
	VFMADD231PS (BX), Y8, Y0
	VFMADD231PS (BX)(R10*1), Y8, Y1
	VFMADD231PS (BX)(R10*2), Y8, Y2
	VFMADD231PS (BX)(R14*1), Y8, Y3
	VFMADD231PS (R9), Y8, Y4
	VFMADD231PS (R9)(R10*1), Y8, Y5
	VFMADD231PS (R9)(R10*2), Y8, Y6
	VFMADD231PS (R9)(R14*1), Y8, Y7
	ADDQ $32, BX
	ADDQ $32, R9
	ADDQ $32, CX
	DECQ R15
	JNZ  block
tail:
	TESTQ R11, R11
	JZ   reduce
	VMOVDQU (R11), Y9
	VMASKMOVPS (CX), Y9, Y8
	VMASKMOVPS (BX), Y9, Y10
	VFMADD231PS Y10, Y8, Y0
	VMASKMOVPS (BX)(R10*1), Y9, Y10
	VFMADD231PS Y10, Y8, Y1
	VMASKMOVPS (BX)(R10*2), Y9, Y10
	VFMADD231PS Y10, Y8, Y2
	VMASKMOVPS (BX)(R14*1), Y9, Y10
	VFMADD231PS Y10, Y8, Y3
	VMASKMOVPS (R9), Y9, Y10
	VFMADD231PS Y10, Y8, Y4
	VMASKMOVPS (R9)(R10*1), Y9, Y10
	VFMADD231PS Y10, Y8, Y5
	VMASKMOVPS (R9)(R10*2), Y9, Y10
	VFMADD231PS Y10, Y8, Y6
	VMASKMOVPS (R9)(R14*1), Y9, Y10
	VFMADD231PS Y10, Y8, Y7
reduce:
	VHADDPS Y1, Y0, Y0
	VHADDPS Y3, Y2, Y2
	VHADDPS Y5, Y4, Y4
	VHADDPS Y7, Y6, Y6
	VHADDPS Y2, Y0, Y0
	VHADDPS Y6, Y4, Y4
	VPERM2F128 $0x20, Y4, Y0, Y8
	VPERM2F128 $0x31, Y4, Y0, Y9
	VADDPS Y9, Y8, Y8
	VMULPS Y15, Y8, Y8
	CMPQ bias+72(FP), $0
	JEQ  groupStore
	VFMADD231PS Y13, Y12, Y8
groupStore:
	VMOVUPS Y8, (DX)(R13*4)
	ADDQ $8, R13
	CMPQ R13, R8
	JLT  group
	VZEROUPPER
	RET

	// m < 8: row by row, Y0 alone, the same blocks and the same rounds of VHADDPS (rows
	// never mix lanes there), so that every row gets the operations it gets in a group
one:
	MOVQ R13, BX
	IMULQ R10, BX
	ADDQ SI, BX
	MOVQ DI, CX
	VXORPS Y0, Y0, Y0
	VXORPS Y1, Y1, Y1
	MOVQ R12, R15
	TESTQ R15, R15
	JZ   oneTail
oneBlock:
	VMOVUPS (CX), Y8
	VFMADD231PS (BX), Y8, Y0
	ADDQ $32, BX
	ADDQ $32, CX
	DECQ R15
	JNZ  oneBlock
oneTail:
	TESTQ R11, R11
	JZ   oneReduce
	VMOVDQU (R11), Y9
	VMASKMOVPS (CX), Y9, Y8
	VMASKMOVPS (BX), Y9, Y10
	VFMADD231PS Y10, Y8, Y0
oneReduce:
	VHADDPS Y1, Y0, Y0
	VHADDPS Y1, Y0, Y0
	VPERM2F128 $0x01, Y0, Y0, Y9
	VADDPS Y9, Y0, Y8
	VMULPS Y15, Y8, Y8
	CMPQ bias+72(FP), $0
	JEQ  oneStore
	VFMADD231PS Y13, Y12, Y8
oneStore:
	VMOVSS X8, (DX)(R13*4)
	INCQ R13
	CMPQ R13, R8
	JLT  one
	VZEROUPPER
	RET
