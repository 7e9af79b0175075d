//go:build !purego && !noasm

#include "textflag.h"

// AVX-512 kernels of trsm64.go on eight rows of X and two four-column blocks at a time,
// in the 32 vector registers of AVX-512VL: Y0..Y7 hold the rows' left block, Y16..Y23 their
// right block; each step p loads the two four-element parts of row p of M and broadcasts
// the rows' x[p] once for both blocks (ten loads for sixteen FMAs instead of eighteen).
// The block finished first then updates the other with its four new columns from
// registers (the rows of M in Y24..Y27) before that one is multiplied by its T.

// LOADROWS loads the eight rows' four values at off from R12 (rows 0..3) and R13 (4..7).
#define LOADROWS(off, a, b, c, d, e, f, g, h) \
	VMOVUPD off(R12), a; \
	VMOVUPD off(R12)(R9*1), b; \
	VMOVUPD off(R12)(R9*2), c; \
	VMOVUPD off(R12)(R10*1), d; \
	VMOVUPD off(R13), e; \
	VMOVUPD off(R13)(R9*1), f; \
	VMOVUPD off(R13)(R9*2), g; \
	VMOVUPD off(R13)(R10*1), h

#define BSTEP(addr, l, r) \
	VBROADCASTSD addr, Y10; \
	VFNMADD231PD Y8, Y10, l; \
	VFNMADD231PD Y9, Y10, r

// STEP2 subtracts x[p]·M[p, both blocks] for the eight rows: x[p] at R14 (rows 0..3) and
// R15 (4..7), the left part of M's row at (CX), the right part at 32(CX).
#define STEP2 \
	VMOVUPD (CX), Y8; \
	VMOVUPD 32(CX), Y9; \
	BSTEP((R14), Y0, Y16); \
	BSTEP((R14)(R9*1), Y1, Y17); \
	BSTEP((R14)(R9*2), Y2, Y18); \
	BSTEP((R14)(R10*1), Y3, Y19); \
	BSTEP((R15), Y4, Y20); \
	BSTEP((R15)(R9*1), Y5, Y21); \
	BSTEP((R15)(R9*2), Y6, Y22); \
	BSTEP((R15)(R10*1), Y7, Y23)

// TST stores src·T (T the 4×4 row-major matrix at (AX)) at dst, through Y14 and Y15.
#define TST(src, dst) \
	VPERMPD     $0x00, src, Y14; \
	VMULPD      (AX), Y14, Y15; \
	VPERMPD     $0x55, src, Y14; \
	VFMADD231PD 32(AX), Y14, Y15; \
	VPERMPD     $0xAA, src, Y14; \
	VFMADD231PD 64(AX), Y14, Y15; \
	VPERMPD     $0xFF, src, Y14; \
	VFMADD231PD 96(AX), Y14, Y15; \
	VMOVUPD     Y15, dst

// FIN stores src·T at dst like TST and subtracts the four new values times the four rows
// of M in Y24..Y27 from other.
#define FIN(src, dst, other) \
	TST(src, dst); \
	VPERMPD      $0x00, Y15, Y14; \
	VFNMADD231PD Y24, Y14, other; \
	VPERMPD      $0x55, Y15, Y14; \
	VFNMADD231PD Y25, Y14, other; \
	VPERMPD      $0xAA, Y15, Y14; \
	VFNMADD231PD Y26, Y14, other; \
	VPERMPD      $0xFF, Y15, Y14; \
	VFNMADD231PD Y27, Y14, other

// LOADM loads the four rows of M from CX on (at off) into Y24..Y27; uses R14.
#define LOADM(off) \
	VMOVUPD off(CX), Y24; \
	VMOVUPD off(CX)(DX*1), Y25; \
	LEAQ    (CX)(DX*2), R14; \
	VMOVUPD off(R14), Y26; \
	VMOVUPD off(R14)(DX*1), Y27

// func trsmFwd8x2AVX512(n int, x *float64, ldx int, mt *float64, ldm int, t *float64)
TEXT ·trsmFwd8x2AVX512(SB), NOSPLIT, $0-48
	MOVQ n+0(FP), SI
	SHLQ $3, SI             // n in bytes
	MOVQ x+8(FP), R8        // row 0
	MOVQ ldx+16(FP), R9
	SHLQ $3, R9
	LEAQ (R9)(R9*2), R10
	LEAQ (R8)(R9*4), R11    // row 4
	MOVQ mt+24(FP), DI
	MOVQ ldm+32(FP), DX
	SHLQ $3, DX
	MOVQ t+40(FP), AX       // T of block j
	XORQ BX, BX             // j in bytes

fpair:
	LEAQ 64(BX), CX
	CMPQ CX, SI
	JGT  fsingle
	LEAQ (R8)(BX*1), R12    // row 0 at column j: where p stops
	LEAQ (R11)(BX*1), R13
	LOADROWS(0, Y0, Y1, Y2, Y3, Y4, Y5, Y6, Y7)
	LOADROWS(32, Y16, Y17, Y18, Y19, Y20, Y21, Y22, Y23)
	TESTQ BX, BX
	JZ    fpairfin
	MOVQ  R8, R14
	MOVQ  R11, R15
	LEAQ  (DI)(BX*1), CX    // M[0, j]

fpairstep:
	STEP2
	ADDQ $8, R14
	ADDQ $8, R15
	ADDQ DX, CX
	CMPQ R14, R12
	JLT  fpairstep

fpairfin:
	MOVQ  BX, CX
	SHRQ  $3, CX
	IMULQ DX, CX
	ADDQ  DI, CX
	ADDQ  BX, CX            // M[j, j]
	LOADM(32)               // M[j..j+3, j+4..j+7]
	FIN(Y0, (R12), Y16)
	FIN(Y1, (R12)(R9*1), Y17)
	FIN(Y2, (R12)(R9*2), Y18)
	FIN(Y3, (R12)(R10*1), Y19)
	FIN(Y4, (R13), Y20)
	FIN(Y5, (R13)(R9*1), Y21)
	FIN(Y6, (R13)(R9*2), Y22)
	FIN(Y7, (R13)(R10*1), Y23)
	ADDQ $256, AX           // T of block j+4
	TST(Y16, 32(R12))
	TST(Y17, 32(R12)(R9*1))
	TST(Y18, 32(R12)(R9*2))
	TST(Y19, 32(R12)(R10*1))
	TST(Y20, 32(R13))
	TST(Y21, 32(R13)(R9*1))
	TST(Y22, 32(R13)(R9*2))
	TST(Y23, 32(R13)(R10*1))
	ADDQ $256, AX
	ADDQ $64, BX
	JMP  fpair

fsingle:
	CMPQ BX, SI
	JGE  fdone
	// the last block alone (an odd block count): the pair code with the right block
	// a copy of the left, its results not stored
	LEAQ (R8)(BX*1), R12
	LEAQ (R11)(BX*1), R13
	LOADROWS(0, Y0, Y1, Y2, Y3, Y4, Y5, Y6, Y7)
	TESTQ BX, BX
	JZ    fsinglefin
	MOVQ  R8, R14
	MOVQ  R11, R15
	LEAQ  (DI)(BX*1), CX

fsinglestep:
	VMOVUPD (CX), Y8
	VBROADCASTSD (R14), Y10
	VFNMADD231PD Y8, Y10, Y0
	VBROADCASTSD (R14)(R9*1), Y11
	VFNMADD231PD Y8, Y11, Y1
	VBROADCASTSD (R14)(R9*2), Y12
	VFNMADD231PD Y8, Y12, Y2
	VBROADCASTSD (R14)(R10*1), Y13
	VFNMADD231PD Y8, Y13, Y3
	VBROADCASTSD (R15), Y10
	VFNMADD231PD Y8, Y10, Y4
	VBROADCASTSD (R15)(R9*1), Y11
	VFNMADD231PD Y8, Y11, Y5
	VBROADCASTSD (R15)(R9*2), Y12
	VFNMADD231PD Y8, Y12, Y6
	VBROADCASTSD (R15)(R10*1), Y13
	VFNMADD231PD Y8, Y13, Y7
	ADDQ $8, R14
	ADDQ $8, R15
	ADDQ DX, CX
	CMPQ R14, R12
	JLT  fsinglestep

fsinglefin:
	TST(Y0, (R12))
	TST(Y1, (R12)(R9*1))
	TST(Y2, (R12)(R9*2))
	TST(Y3, (R12)(R10*1))
	TST(Y4, (R13))
	TST(Y5, (R13)(R9*1))
	TST(Y6, (R13)(R9*2))
	TST(Y7, (R13)(R10*1))

fdone:
	VZEROUPPER
	RET

// func trsmBwd8x2AVX512(n int, x *float64, ldx int, mt *float64, ldm int, t *float64)
// An odd block count first solves the last block (no steps); then pairs j, j+4 from the
// right, with p over j+8..n-1, the right block finished first.
TEXT ·trsmBwd8x2AVX512(SB), NOSPLIT, $0-48
	MOVQ n+0(FP), BX
	SHLQ $3, BX             // n in bytes
	MOVQ x+8(FP), R8
	LEAQ (R8)(BX*1), SI     // row 0 at column n: where p stops
	MOVQ ldx+16(FP), R9
	SHLQ $3, R9
	LEAQ (R9)(R9*2), R10
	LEAQ (R8)(R9*4), R11
	MOVQ mt+24(FP), DI
	MOVQ ldm+32(FP), DX
	SHLQ $3, DX
	TESTQ $32, BX
	JZ    bpairs
	SUBQ $32, BX            // j = n-4
	MOVQ t+40(FP), AX
	LEAQ (AX)(BX*8), AX     // T of block j: t + 8j values
	LEAQ (R8)(BX*1), R12
	LEAQ (R11)(BX*1), R13
	LOADROWS(0, Y0, Y1, Y2, Y3, Y4, Y5, Y6, Y7)
	TST(Y0, (R12))
	TST(Y1, (R12)(R9*1))
	TST(Y2, (R12)(R9*2))
	TST(Y3, (R12)(R10*1))
	TST(Y4, (R13))
	TST(Y5, (R13)(R9*1))
	TST(Y6, (R13)(R9*2))
	TST(Y7, (R13)(R10*1))

bpairs:
	SUBQ $64, BX            // j of the pair, in bytes
	JL   bdone
	LEAQ (R8)(BX*1), R12
	LEAQ (R11)(BX*1), R13
	LOADROWS(0, Y0, Y1, Y2, Y3, Y4, Y5, Y6, Y7)
	LOADROWS(32, Y16, Y17, Y18, Y19, Y20, Y21, Y22, Y23)
	LEAQ 64(R12), R14       // x[j+8] of row 0
	CMPQ R14, SI
	JGE  bpairfin
	LEAQ 64(R13), R15
	LEAQ 64(BX), CX
	SHRQ $3, CX             // j+8
	IMULQ DX, CX
	ADDQ DI, CX
	ADDQ BX, CX             // M[j+8, j]

bpairstep:
	STEP2
	ADDQ $8, R14
	ADDQ $8, R15
	ADDQ DX, CX
	CMPQ R14, SI
	JLT  bpairstep

bpairfin:
	LEAQ  32(BX), CX
	SHRQ  $3, CX
	IMULQ DX, CX
	ADDQ  DI, CX
	ADDQ  BX, CX            // M[j+4, j]
	LOADM(0)                // M[j+4..j+7, j..j+3]
	MOVQ  t+40(FP), AX
	LEAQ  256(AX)(BX*8), AX // T of block j+4
	FIN(Y16, 32(R12), Y0)
	FIN(Y17, 32(R12)(R9*1), Y1)
	FIN(Y18, 32(R12)(R9*2), Y2)
	FIN(Y19, 32(R12)(R10*1), Y3)
	FIN(Y20, 32(R13), Y4)
	FIN(Y21, 32(R13)(R9*1), Y5)
	FIN(Y22, 32(R13)(R9*2), Y6)
	FIN(Y23, 32(R13)(R10*1), Y7)
	SUBQ $256, AX           // T of block j
	TST(Y0, (R12))
	TST(Y1, (R12)(R9*1))
	TST(Y2, (R12)(R9*2))
	TST(Y3, (R12)(R10*1))
	TST(Y4, (R13))
	TST(Y5, (R13)(R9*1))
	TST(Y6, (R13)(R9*2))
	TST(Y7, (R13)(R10*1))
	JMP  bpairs

bdone:
	VZEROUPPER
	RET
