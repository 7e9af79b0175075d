//go:build !purego && !noasm

#include "textflag.h"

// func narrow64AVX2(dst *float32, src *float64, n int) bool
// dst[i] = float32(src[i]) for i < n, n a positive multiple of 8; Y14 and Y15 sum the
// values times zero (NaN once any value is not finite).
TEXT ·narrow64AVX2(SB), NOSPLIT, $0-25
	MOVQ   dst+0(FP), DI
	MOVQ   src+8(FP), SI
	MOVQ   n+16(FP), CX
	VXORPD Y13, Y13, Y13
	VXORPD Y14, Y14, Y14
	VXORPD Y15, Y15, Y15

loop8:
	VMOVUPD     (SI), Y0
	VMOVUPD     32(SI), Y1
	VFMADD231PD Y13, Y0, Y14
	VFMADD231PD Y13, Y1, Y15
	VCVTPD2PSY  Y0, X2
	VCVTPD2PSY  Y1, X3
	VMOVUPS     X2, (DI)
	VMOVUPS     X3, 16(DI)
	ADDQ        $64, SI
	ADDQ        $32, DI
	SUBQ        $8, CX
	JNZ         loop8

	VADDPD       Y15, Y14, Y14
	VEXTRACTF128 $1, Y14, X1
	VADDPD       X1, X14, X14
	VHADDPD      X14, X14, X14
	VUCOMISD     X13, X14
	SETEQ        AX
	SETPC        BX
	ANDB         BL, AL
	MOVB         AX, ret+24(FP)
	VZEROUPPER
	RET
