//go:build !purego && !noasm

#include "textflag.h"

// func widenRows64AVX2(n, k int, alpha float64, s *float64, a *float32, lda int, dst *float64, ldd int)
// Row i: f = alpha·s[i] (alpha when s is nil), dst[i, j] = f·float64(a[i, j]): four
// elements a step, then one at a time. n, k ≥ 1.
TEXT ·widenRows64AVX2(SB), NOSPLIT, $0-64
	MOVQ  n+0(FP), BX
	MOVQ  s+24(FP), R8
	MOVQ  a+32(FP), SI
	MOVQ  lda+40(FP), R9
	SHLQ  $2, R9
	MOVQ  dst+48(FP), DI
	MOVQ  ldd+56(FP), R10
	SHLQ  $3, R10

row:
	VMOVSD alpha+16(FP), X15
	TESTQ  R8, R8
	JZ     scaled
	VMULSD (R8), X15, X15
	ADDQ   $8, R8

scaled:
	VBROADCASTSD X15, Y15
	XORQ         AX, AX
	MOVQ         k+8(FP), DX

four:
	CMPQ      DX, $4
	JLT       one
	VCVTPS2PD (SI)(AX*4), Y0
	VMULPD    Y15, Y0, Y0
	VMOVUPD   Y0, (DI)(AX*8)
	ADDQ      $4, AX
	SUBQ      $4, DX
	JMP       four

one:
	TESTQ     DX, DX
	JZ        next
	VMOVSS    (SI)(AX*4), X1
	VCVTSS2SD X1, X1, X1
	VMULSD    X15, X1, X1
	VMOVSD    X1, (DI)(AX*8)
	INCQ      AX
	DECQ      DX
	JMP       one

next:
	ADDQ R9, SI
	ADDQ R10, DI
	DECQ BX
	JNZ  row
	VZEROUPPER
	RET
