//go:build !purego && !noasm

#include "textflag.h"
#include "trtri4_amd64.h"

// func trtriLower64AVX2(n int, a *float64, lda int, t *float64, x *float64, ldx int)
// Block row i (rows i..i+3) of X = L⁻¹: for each block column c < i, four sums (Y0..Y3,
// the rows r of S, four columns each; Y9..Y12 take the odd p) over p = c..i−1 of L[i+r, p] broadcast times the row
// X[p, c:c+4]; then X[i+r, c:c+4] = −Σ_k T[k,r]·S[k, :] (T = (L_ii⁻¹)ᵀ from the cache);
// then the diagonal block, Tᵀ, by a 4×4 transpose.
// Registers: R8 a, R9 lda in bytes, R10 t, R11 x, R12 ldx in bytes, DX n, SI i, CX c,
// AX &L[i, p], DI &L[i+2, p], BX &X[p, c], R13 &X[i, c], R14 T_i, R15 &X[i, 0].
TEXT ·trtriLower64AVX2(SB), NOSPLIT, $0-48
	MOVQ n+0(FP), DX
	MOVQ a+8(FP), R8
	MOVQ lda+16(FP), R9
	SHLQ $3, R9
	MOVQ t+24(FP), R10
	MOVQ x+32(FP), R11
	MOVQ ldx+40(FP), R12
	SHLQ $3, R12
	XORQ SI, SI
blockrow:
	// T_i = t + 64·i bytes
	MOVQ SI, R14
	SHLQ $6, R14
	ADDQ R10, R14
	// R15 = &X[i, 0]
	MOVQ SI, R15
	IMULQ R12, R15
	ADDQ R11, R15
	XORQ CX, CX
chunk:
	CMPQ CX, SI
	JGE  diag
	// eight columns c..c+7 when c+8 ≤ i: the sums of the left four over p = c..i−1, of the
	// right four over p = c+4..i−1 (X[p, c+4:c+8] is above the diagonal for p < c+4), one
	// pair of rows of X per p against the same four broadcasts; Y0–Y3 left, Y5–Y8 right
	LEAQ 8(CX), AX
	CMPQ AX, SI
	JGT  chunk4
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
wsum:
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
	JLT  wsum
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
	JMP  chunk
chunk4:
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
sum:
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
	JLT  sum
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
	JMP  chunk
diag:
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
	ADDQ $4, SI
	CMPQ SI, DX
	JLT  blockrow
	VZEROUPPER
	RET
