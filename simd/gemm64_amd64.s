//go:build !purego && !noasm

#include "textflag.h"
#include "k6x8_amd64.h"

// func gemm64K6x8(k int, a *float64, ars, aps int, b *float64, c *float64, ldc int, alpha float64)
// c[r*ldc+j] += alpha*Σ_{p<k} a[r*ars+p*aps]*b[p*8+j] for r < 6, j < 8; k ≥ 1.
// b is a packed strip: eight consecutive values per p. The twelve accumulators Y0..Y11 hold
// row r in Y(2r) (columns 0..3) and Y(2r+1) (columns 4..7); the strip's two halves sit in
// Y12 and Y13 and each A element is broadcast into Y14 in turn.
TEXT ·gemm64K6x8(SB), NOSPLIT, $0-64
	MOVQ k+0(FP), CX
	MOVQ a+8(FP), SI
	MOVQ ars+16(FP), R8
	SHLQ $3, R8                     // row stride of a in bytes
	MOVQ aps+24(FP), R9
	SHLQ $3, R9                     // p stride of a in bytes
	MOVQ b+32(FP), DX
	MOVQ c+40(FP), DI
	MOVQ ldc+48(FP), R11
	SHLQ $3, R11
	LEAQ (SI)(R8*2), R12
	ADDQ R8, R12                    // R12 = row 3 of a
	K6X8_ZERO
loop:
	K6X8_STEP
	ADDQ R9, SI
	ADDQ R9, R12
	ADDQ $64, DX
	DECQ CX
	JNZ  loop
	VBROADCASTSD alpha+56(FP), Y14
	VMOVUPD (DI), Y12               // row 0: c += alpha*acc
	VMOVUPD 32(DI), Y13
	VFMADD231PD Y0, Y14, Y12
	VFMADD231PD Y1, Y14, Y13
	VMOVUPD Y12, (DI)
	VMOVUPD Y13, 32(DI)
	ADDQ R11, DI
	VMOVUPD (DI), Y12               // row 1
	VMOVUPD 32(DI), Y13
	VFMADD231PD Y2, Y14, Y12
	VFMADD231PD Y3, Y14, Y13
	VMOVUPD Y12, (DI)
	VMOVUPD Y13, 32(DI)
	ADDQ R11, DI
	VMOVUPD (DI), Y12               // row 2
	VMOVUPD 32(DI), Y13
	VFMADD231PD Y4, Y14, Y12
	VFMADD231PD Y5, Y14, Y13
	VMOVUPD Y12, (DI)
	VMOVUPD Y13, 32(DI)
	ADDQ R11, DI
	VMOVUPD (DI), Y12               // row 3
	VMOVUPD 32(DI), Y13
	VFMADD231PD Y6, Y14, Y12
	VFMADD231PD Y7, Y14, Y13
	VMOVUPD Y12, (DI)
	VMOVUPD Y13, 32(DI)
	ADDQ R11, DI
	VMOVUPD (DI), Y12               // row 4
	VMOVUPD 32(DI), Y13
	VFMADD231PD Y8, Y14, Y12
	VFMADD231PD Y9, Y14, Y13
	VMOVUPD Y12, (DI)
	VMOVUPD Y13, 32(DI)
	ADDQ R11, DI
	VMOVUPD (DI), Y12               // row 5
	VMOVUPD 32(DI), Y13
	VFMADD231PD Y10, Y14, Y12
	VFMADD231PD Y11, Y14, Y13
	VMOVUPD Y12, (DI)
	VMOVUPD Y13, 32(DI)
	VZEROUPPER
	RET

// func dot64AVX2x4(x *float64, y *float64, n int) float64
// Σ_{i<n} x[i]*y[i]; n is a positive multiple of 4. Sixteen elements per step into four
// accumulators, then four at a time into the first.
TEXT ·dot64AVX2x4(SB), NOSPLIT, $0-32
	MOVQ x+0(FP), SI
	MOVQ y+8(FP), DI
	MOVQ n+16(FP), CX
	VXORPD Y0, Y0, Y0
	VXORPD Y1, Y1, Y1
	VXORPD Y2, Y2, Y2
	VXORPD Y3, Y3, Y3
	CMPQ CX, $16
	JLT  tail
loop16:
	VMOVUPD (SI), Y4
	VMOVUPD 32(SI), Y5
	VMOVUPD 64(SI), Y6
	VMOVUPD 96(SI), Y7
	VFMADD231PD (DI), Y4, Y0
	VFMADD231PD 32(DI), Y5, Y1
	VFMADD231PD 64(DI), Y6, Y2
	VFMADD231PD 96(DI), Y7, Y3
	ADDQ $128, SI
	ADDQ $128, DI
	SUBQ $16, CX
	CMPQ CX, $16
	JGE  loop16
tail:
	TESTQ CX, CX
	JZ   done
loop4:
	VMOVUPD (SI), Y4
	VFMADD231PD (DI), Y4, Y0
	ADDQ $32, SI
	ADDQ $32, DI
	SUBQ $4, CX
	JNZ  loop4
done:
	VADDPD Y1, Y0, Y0
	VADDPD Y3, Y2, Y2
	VADDPD Y2, Y0, Y0
	VEXTRACTF128 $1, Y0, X1
	VADDPD X1, X0, X0
	VHADDPD X0, X0, X0
	VZEROUPPER
	MOVSD X0, ret+24(FP)
	RET

// func axpy64AVX2(alpha float64, x *float64, y *float64, n int)
// y[i] += alpha*x[i] for i < n; n is a positive multiple of 4. Sixteen elements per step,
// then four at a time.
TEXT ·axpy64AVX2(SB), NOSPLIT, $0-32
	VBROADCASTSD alpha+0(FP), Y0
	MOVQ x+8(FP), SI
	MOVQ y+16(FP), DI
	MOVQ n+24(FP), CX
	CMPQ CX, $16
	JLT  axtail
axloop16:
	VMOVUPD (DI), Y1                // y[i..i+15]
	VMOVUPD 32(DI), Y2
	VMOVUPD 64(DI), Y3
	VMOVUPD 96(DI), Y4
	VFMADD231PD (SI), Y0, Y1        // y += alpha*x
	VFMADD231PD 32(SI), Y0, Y2
	VFMADD231PD 64(SI), Y0, Y3
	VFMADD231PD 96(SI), Y0, Y4
	VMOVUPD Y1, (DI)
	VMOVUPD Y2, 32(DI)
	VMOVUPD Y3, 64(DI)
	VMOVUPD Y4, 96(DI)
	ADDQ $128, SI
	ADDQ $128, DI
	SUBQ $16, CX
	CMPQ CX, $16
	JGE  axloop16
axtail:
	TESTQ CX, CX
	JZ   axdone
axloop4:
	VMOVUPD (DI), Y1
	VFMADD231PD (SI), Y0, Y1
	VMOVUPD Y1, (DI)
	ADDQ $32, SI
	ADDQ $32, DI
	SUBQ $4, CX
	JNZ  axloop4
axdone:
	VZEROUPPER
	RET
