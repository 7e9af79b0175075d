//go:build !purego && !noasm

#include "textflag.h"
#include "trtri4_amd64.h"

// func trtriLowerPair64AVX2(n int, a0, a1 *float64, lda int, t0, t1 *float64, x0, x1 *float64, ldx int)
// trtriLower64AVX2 (trtri64_amd64.s) on two independent systems of one order and strides,
// block row by block row alternately (the same operations per system): one system's
// block row, which the next one of the same system waits for, runs beside the other's.
// Registers as in trtriLower64AVX2; the other system's a, t and x wait in the frame.
TEXT ·trtriLowerPair64AVX2(SB), NOSPLIT, $32-72
	MOVQ n+0(FP), DX
	MOVQ a0+8(FP), R8
	MOVQ a1+16(FP), AX
	MOVQ AX, alt_a-8(SP)
	MOVQ lda+24(FP), R9
	SHLQ $3, R9
	MOVQ t0+32(FP), R10
	MOVQ t1+40(FP), AX
	MOVQ AX, alt_t-16(SP)
	MOVQ x0+48(FP), R11
	MOVQ x1+56(FP), AX
	MOVQ AX, alt_x-24(SP)
	MOVQ ldx+64(FP), R12
	SHLQ $3, R12
	MOVQ $0, second-32(SP)
	XORQ SI, SI
pblockrow:
	// T_i = t + 64·i bytes
	MOVQ SI, R14
	SHLQ $6, R14
	ADDQ R10, R14
	// R15 = &X[i, 0]
	MOVQ SI, R15
	IMULQ R12, R15
	ADDQ R11, R15
	XORQ CX, CX
pchunk:
	CMPQ CX, SI
	JGE  pdiag
	// eight columns c..c+7 when c+8 ≤ i: the sums of the left four over p = c..i−1, of the
	// right four over p = c+4..i−1 (X[p, c+4:c+8] is above the diagonal for p < c+4), one
	// pair of rows of X per p against the same four broadcasts; Y0–Y3 left, Y5–Y8 right
	LEAQ 8(CX), AX
	CMPQ AX, SI
	JGT  pchunk4
	VXORPD Y0, Y0, Y0
	VXORPD Y1, Y1, Y1
	VXORPD Y2, Y2, Y2
	VXORPD Y3, Y3, Y3
	VXORPD Y5, Y5, Y5
	VXORPD Y6, Y6, Y6
	VXORPD Y7, Y7, Y7
	VXORPD Y8, Y8, Y8
	MOVQ SI, AX
	IMULQ R9, AX
	ADDQ R8, AX
	LEAQ (AX)(CX*8), AX           // &L[i, c]
	MOVQ CX, BX
	IMULQ R12, BX
	ADDQ R11, BX
	LEAQ (BX)(CX*8), BX           // &X[c, c]
	LEAQ (R15)(CX*8), R13         // &X[i, c]: where p reaches i
	LEAQ (AX)(R9*2), DI
	VMOVUPD (BX), Y4
	VBROADCASTSD (AX), Y10
	VFMADD231PD Y4, Y10, Y0
	VBROADCASTSD (AX)(R9*1), Y11
	VFMADD231PD Y4, Y11, Y1
	VBROADCASTSD (DI), Y12
	VFMADD231PD Y4, Y12, Y2
	VBROADCASTSD (DI)(R9*1), Y13
	VFMADD231PD Y4, Y13, Y3
	ADDQ $8, AX
	ADDQ R12, BX
	LEAQ (AX)(R9*2), DI
	VMOVUPD (BX), Y4
	VBROADCASTSD (AX), Y10
	VFMADD231PD Y4, Y10, Y0
	VBROADCASTSD (AX)(R9*1), Y11
	VFMADD231PD Y4, Y11, Y1
	VBROADCASTSD (DI), Y12
	VFMADD231PD Y4, Y12, Y2
	VBROADCASTSD (DI)(R9*1), Y13
	VFMADD231PD Y4, Y13, Y3
	ADDQ $8, AX
	ADDQ R12, BX
	LEAQ (AX)(R9*2), DI
	VMOVUPD (BX), Y4
	VBROADCASTSD (AX), Y10
	VFMADD231PD Y4, Y10, Y0
	VBROADCASTSD (AX)(R9*1), Y11
	VFMADD231PD Y4, Y11, Y1
	VBROADCASTSD (DI), Y12
	VFMADD231PD Y4, Y12, Y2
	VBROADCASTSD (DI)(R9*1), Y13
	VFMADD231PD Y4, Y13, Y3
	ADDQ $8, AX
	ADDQ R12, BX
	LEAQ (AX)(R9*2), DI
	VMOVUPD (BX), Y4
	VBROADCASTSD (AX), Y10
	VFMADD231PD Y4, Y10, Y0
	VBROADCASTSD (AX)(R9*1), Y11
	VFMADD231PD Y4, Y11, Y1
	VBROADCASTSD (DI), Y12
	VFMADD231PD Y4, Y12, Y2
	VBROADCASTSD (DI)(R9*1), Y13
	VFMADD231PD Y4, Y13, Y3
	ADDQ $8, AX
	ADDQ R12, BX
pwsum:
	LEAQ (AX)(R9*2), DI
	VMOVUPD (BX), Y4
	VMOVUPD 32(BX), Y9
	VBROADCASTSD (AX), Y10
	VFMADD231PD Y4, Y10, Y0
	VFMADD231PD Y9, Y10, Y5
	VBROADCASTSD (AX)(R9*1), Y11
	VFMADD231PD Y4, Y11, Y1
	VFMADD231PD Y9, Y11, Y6
	VBROADCASTSD (DI), Y12
	VFMADD231PD Y4, Y12, Y2
	VFMADD231PD Y9, Y12, Y7
	VBROADCASTSD (DI)(R9*1), Y13
	VFMADD231PD Y4, Y13, Y3
	VFMADD231PD Y9, Y13, Y8
	ADDQ $8, AX
	ADDQ R12, BX
	CMPQ BX, R13
	JLT  pwsum
	// X[i+r, c:c+4] and X[i+r, c+4:c+8] = −Σ_k T[k,r]·S_k
	TRTRI_NEG_TS4(Y0, Y1, Y2, Y3)
	LEAQ 0(R15)(CX*8), AX
	VMOVUPD Y9, (AX)
	VMOVUPD Y10, (AX)(R12*1)
	LEAQ (AX)(R12*2), AX
	VMOVUPD Y11, (AX)
	VMOVUPD Y12, (AX)(R12*1)
	TRTRI_NEG_TS4(Y5, Y6, Y7, Y8)
	LEAQ 32(R15)(CX*8), AX
	VMOVUPD Y9, (AX)
	VMOVUPD Y10, (AX)(R12*1)
	LEAQ (AX)(R12*2), AX
	VMOVUPD Y11, (AX)
	VMOVUPD Y12, (AX)(R12*1)
	ADDQ $8, CX
	JMP  pchunk
pchunk4:
	VXORPD Y0, Y0, Y0
	VXORPD Y1, Y1, Y1
	VXORPD Y2, Y2, Y2
	VXORPD Y3, Y3, Y3
	VXORPD Y9, Y9, Y9
	VXORPD Y10, Y10, Y10
	VXORPD Y11, Y11, Y11
	VXORPD Y12, Y12, Y12
	MOVQ SI, AX
	IMULQ R9, AX
	ADDQ R8, AX
	LEAQ (AX)(CX*8), AX           // &L[i, c]
	MOVQ CX, BX
	IMULQ R12, BX
	ADDQ R11, BX
	LEAQ (BX)(CX*8), BX           // &X[c, c]
	LEAQ (R15)(CX*8), R13         // &X[i, c]: where p reaches i
psum:
	// p and p+1 (i − c is a multiple of 4) into two sets of sums
	LEAQ (AX)(R9*2), DI
	VMOVUPD (BX), Y4
	VMOVUPD (BX)(R12*1), Y13
	VBROADCASTSD (AX), Y5
	VFMADD231PD Y4, Y5, Y0
	VBROADCASTSD 8(AX), Y5
	VFMADD231PD Y13, Y5, Y9
	VBROADCASTSD (AX)(R9*1), Y6
	VFMADD231PD Y4, Y6, Y1
	VBROADCASTSD 8(AX)(R9*1), Y6
	VFMADD231PD Y13, Y6, Y10
	VBROADCASTSD (DI), Y7
	VFMADD231PD Y4, Y7, Y2
	VBROADCASTSD 8(DI), Y7
	VFMADD231PD Y13, Y7, Y11
	VBROADCASTSD (DI)(R9*1), Y8
	VFMADD231PD Y4, Y8, Y3
	VBROADCASTSD 8(DI)(R9*1), Y8
	VFMADD231PD Y13, Y8, Y12
	ADDQ $16, AX
	LEAQ (BX)(R12*2), BX
	CMPQ BX, R13
	JLT  psum
	VADDPD Y9, Y0, Y0
	VADDPD Y10, Y1, Y1
	VADDPD Y11, Y2, Y2
	VADDPD Y12, Y3, Y3
	// X[i+r, c:c+4] = −Σ_k T[k,r]·S_k
	TRTRI_NEG_TS4(Y0, Y1, Y2, Y3)
	LEAQ (R15)(CX*8), AX          // &X[i, c]
	VMOVUPD Y9, (AX)
	VMOVUPD Y10, (AX)(R12*1)
	LEAQ (AX)(R12*2), AX
	VMOVUPD Y11, (AX)
	VMOVUPD Y12, (AX)(R12*1)
	ADDQ $4, CX
	JMP  pchunk
pdiag:
	// X[i+r, i+q] = T[q, r]: the transpose of T's four rows
	VMOVUPD 0(R14), Y0
	VMOVUPD 32(R14), Y1
	VMOVUPD 64(R14), Y2
	VMOVUPD 96(R14), Y3
	VUNPCKLPD  Y1, Y0, Y8
	VUNPCKHPD  Y1, Y0, Y9
	VUNPCKLPD  Y3, Y2, Y10
	VUNPCKHPD  Y3, Y2, Y11
	VPERM2F128 $0x20, Y10, Y8, Y4
	VPERM2F128 $0x20, Y11, Y9, Y5
	VPERM2F128 $0x31, Y10, Y8, Y6
	VPERM2F128 $0x31, Y11, Y9, Y7
	LEAQ (R15)(SI*8), AX
	VMOVUPD Y4, (AX)
	VMOVUPD Y5, (AX)(R12*1)
	LEAQ (AX)(R12*2), AX
	VMOVUPD Y6, (AX)
	VMOVUPD Y7, (AX)(R12*1)
	// the other system's block row next: swap a, t and x with the saved ones; i moves
	// on after the second system's
	MOVQ alt_a-8(SP), AX
	MOVQ R8, alt_a-8(SP)
	MOVQ AX, R8
	MOVQ alt_t-16(SP), AX
	MOVQ R10, alt_t-16(SP)
	MOVQ AX, R10
	MOVQ alt_x-24(SP), AX
	MOVQ R11, alt_x-24(SP)
	MOVQ AX, R11
	MOVQ second-32(SP), AX
	XORQ $1, AX
	MOVQ AX, second-32(SP)
	JNZ  pblockrow
	ADDQ $4, SI
	CMPQ SI, DX
	JLT  pblockrow
	VZEROUPPER
	RET
