//go:build !purego && !noasm

#include "textflag.h"

// Kernels of trsm64.go on eight rows of X: Y0..Y7 hold the rows' four-column block, each
// step p broadcasts the rows' x[p] against one four-element row of M (VFNMADD231PD: eight
// independent chains), then every row is multiplied by the block's T.

// TSTORE stores src·T (T the 4×4 row-major matrix at (AX)) at dst; tmp and acc are scratch.
#define TSTORE(src, dst, tmp, acc) \
	VPERMPD     $0x00, src, tmp; \
	VMULPD      (AX), tmp, acc; \
	VPERMPD     $0x55, src, tmp; \
	VFMADD231PD 32(AX), tmp, acc; \
	VPERMPD     $0xAA, src, tmp; \
	VFMADD231PD 64(AX), tmp, acc; \
	VPERMPD     $0xFF, src, tmp; \
	VFMADD231PD 96(AX), tmp, acc; \
	VMOVUPD     acc, dst

// LOAD8 loads the block at R12 (rows 0..3) and R13 (rows 4..7) into Y0..Y7.
#define LOAD8 \
	VMOVUPD (R12), Y0; \
	VMOVUPD (R12)(R9*1), Y1; \
	VMOVUPD (R12)(R9*2), Y2; \
	VMOVUPD (R12)(R10*1), Y3; \
	VMOVUPD (R13), Y4; \
	VMOVUPD (R13)(R9*1), Y5; \
	VMOVUPD (R13)(R9*2), Y6; \
	VMOVUPD (R13)(R10*1), Y7

// STEP8 subtracts x[p]·M[p, block] for the eight rows: x[p] of rows 0..3 at R14, rows
// 4..7 at R15, the four elements of M at (CX).
#define STEP8 \
	VMOVUPD      (CX), Y8; \
	VBROADCASTSD (R14), Y9; \
	VFNMADD231PD Y8, Y9, Y0; \
	VBROADCASTSD (R14)(R9*1), Y10; \
	VFNMADD231PD Y8, Y10, Y1; \
	VBROADCASTSD (R14)(R9*2), Y11; \
	VFNMADD231PD Y8, Y11, Y2; \
	VBROADCASTSD (R14)(R10*1), Y12; \
	VFNMADD231PD Y8, Y12, Y3; \
	VBROADCASTSD (R15), Y9; \
	VFNMADD231PD Y8, Y9, Y4; \
	VBROADCASTSD (R15)(R9*1), Y10; \
	VFNMADD231PD Y8, Y10, Y5; \
	VBROADCASTSD (R15)(R9*2), Y11; \
	VFNMADD231PD Y8, Y11, Y6; \
	VBROADCASTSD (R15)(R10*1), Y12; \
	VFNMADD231PD Y8, Y12, Y7

// STORE8 stores Y0..Y7 times T at R12 / R13.
#define STORE8 \
	TSTORE(Y0, (R12), Y9, Y10); \
	TSTORE(Y1, (R12)(R9*1), Y9, Y10); \
	TSTORE(Y2, (R12)(R9*2), Y9, Y10); \
	TSTORE(Y3, (R12)(R10*1), Y9, Y10); \
	TSTORE(Y4, (R13), Y9, Y10); \
	TSTORE(Y5, (R13)(R9*1), Y9, Y10); \
	TSTORE(Y6, (R13)(R9*2), Y9, Y10); \
	TSTORE(Y7, (R13)(R10*1), Y9, Y10)

// func trsmFwd8AVX2(n int, x *float64, ldx int, mt *float64, ldm int, t *float64)
// Blocks j = 0, 4, …: p runs over 0..j-1, M[p, j:j+4] at mt + p*ldm + j.
TEXT ·trsmFwd8AVX2(SB), NOSPLIT, $0-48
	MOVQ n+0(FP), SI
	SHLQ $3, SI             // n in bytes
	MOVQ x+8(FP), R8        // row 0
	MOVQ ldx+16(FP), R9
	SHLQ $3, R9             // ldx in bytes
	LEAQ (R9)(R9*2), R10    // 3·ldx
	LEAQ (R8)(R9*4), R11    // row 4
	MOVQ mt+24(FP), DI
	MOVQ ldm+32(FP), DX
	SHLQ $3, DX             // ldm in bytes
	MOVQ t+40(FP), AX       // T of block 0
	XORQ BX, BX             // j in bytes

fwdblock:
	LEAQ (R8)(BX*1), R12    // row 0 at column j: where p stops
	LEAQ (R11)(BX*1), R13
	LOAD8
	TESTQ BX, BX
	JZ    fwdstore
	MOVQ  R8, R14
	MOVQ  R11, R15
	LEAQ  (DI)(BX*1), CX    // M[0, j]

fwdstep:
	STEP8
	ADDQ $8, R14
	ADDQ $8, R15
	ADDQ DX, CX
	CMPQ R14, R12
	JLT  fwdstep

fwdstore:
	STORE8
	ADDQ $256, AX           // the next block's T, 32 values on
	ADDQ $32, BX
	CMPQ BX, SI
	JLT  fwdblock
	VZEROUPPER
	RET

// func trsmBwd8AVX2(n int, x *float64, ldx int, mt *float64, ldm int, t *float64)
// Blocks j = n-4, n-8, …, 0: p runs over j+4..n-1, M[p, j:j+4] at mt + p*ldm + j.
TEXT ·trsmBwd8AVX2(SB), NOSPLIT, $0-48
	MOVQ n+0(FP), BX
	SHLQ $3, BX             // n in bytes
	MOVQ x+8(FP), R8
	LEAQ (R8)(BX*1), SI     // row 0 at column n: where p stops
	SUBQ $32, BX            // j = n-4, in bytes
	MOVQ ldx+16(FP), R9
	SHLQ $3, R9
	LEAQ (R9)(R9*2), R10
	LEAQ (R8)(R9*4), R11
	MOVQ mt+24(FP), DI
	MOVQ ldm+32(FP), DX
	SHLQ $3, DX

bwdblock:
	MOVQ t+40(FP), AX
	LEAQ (AX)(BX*8), AX     // T of block j/4: t + 8j values
	LEAQ (R8)(BX*1), R12
	LEAQ (R11)(BX*1), R13
	LOAD8
	LEAQ 32(R12), R14       // x[j+4] of rows 0..3
	CMPQ R14, SI
	JGE  bwdstore
	LEAQ 32(R13), R15
	LEAQ 32(BX), CX
	SHRQ $3, CX             // j+4
	IMULQ DX, CX            // (j+4)·ldm bytes
	ADDQ DI, CX
	ADDQ BX, CX             // M[j+4, j]

bwdstep:
	STEP8
	ADDQ $8, R14
	ADDQ $8, R15
	ADDQ DX, CX
	CMPQ R14, SI
	JLT  bwdstep

bwdstore:
	STORE8
	SUBQ $32, BX
	JGE  bwdblock
	VZEROUPPER
	RET
