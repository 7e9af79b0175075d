//go:build !purego && !noasm

#include "textflag.h"

// Panel kernels of panel64.go: for each row r, s = C[r,0:4] − A[r,:]·B (a k×4 block),
// then D[r,0:4] = s·T (t non-nil) or s.

// REDUCE4 sums the lanes of a0..a3 into a0 = (Σa0, Σa1, Σa2, Σa3); a1 and a3 are clobbered.
#define REDUCE4(a0, a1, a2, a3) \
	VHADDPD    a1, a0, a0; \
	VHADDPD    a3, a2, a2; \
	VPERM2F128 $0x21, a2, a0, a1; \
	VBLENDPD   $0x0C, a2, a0, a3; \
	VADDPD     a3, a1, a0

// TMUL sets dst = src·T for the 4×4 row-major T at (AX): Σ_q src[q]·T[q,:].
#define TMUL(src, dst, tmp) \
	VPERMPD     $0x00, src, tmp; \
	VMULPD      (AX), tmp, dst; \
	VPERMPD     $0x55, src, tmp; \
	VFMADD231PD 32(AX), tmp, dst; \
	VPERMPD     $0xAA, src, tmp; \
	VFMADD231PD 64(AX), tmp, dst; \
	VPERMPD     $0xFF, src, tmp; \
	VFMADD231PD 96(AX), tmp, dst

// func panelNT64AVX2(m, k int, a *float64, lda int, b *float64, ldb int, c *float64, ldc int, d *float64, ldd int, t *float64)
// B(p,q) = b[q*ldb+p]. Two rows at a time: Y0..Y3 and Y4..Y7 accumulate the four dot
// products of rows r and r+1 lane-wise over p (four p per step), reduced at the end.
TEXT ·panelNT64AVX2(SB), NOSPLIT, $0-88
	MOVQ m+0(FP), BX
	MOVQ a+16(FP), SI
	MOVQ lda+24(FP), R9
	SHLQ $3, R9
	MOVQ b+32(FP), DX
	MOVQ ldb+40(FP), AX
	SHLQ $3, AX
	LEAQ (DX)(AX*1), R10
	LEAQ (R10)(AX*1), R11
	LEAQ (R11)(AX*1), R12
	MOVQ c+48(FP), DI
	MOVQ d+64(FP), R13
	CMPQ BX, $2
	JLT  ntsingle

ntpair:
	LEAQ   (SI)(R9*1), R8
	VXORPD Y0, Y0, Y0
	VXORPD Y1, Y1, Y1
	VXORPD Y2, Y2, Y2
	VXORPD Y3, Y3, Y3
	VXORPD Y4, Y4, Y4
	VXORPD Y5, Y5, Y5
	VXORPD Y6, Y6, Y6
	VXORPD Y7, Y7, Y7
	XORQ   AX, AX
	MOVQ   k+8(FP), CX
	SHRQ   $2, CX
	JZ     ntpairtail

ntpairloop:
	VMOVUPD     (DX)(AX*1), Y10
	VMOVUPD     (R10)(AX*1), Y11
	VMOVUPD     (R11)(AX*1), Y12
	VMOVUPD     (R12)(AX*1), Y13
	VMOVUPD     (SI)(AX*1), Y8
	VMOVUPD     (R8)(AX*1), Y9
	VFMADD231PD Y10, Y8, Y0
	VFMADD231PD Y11, Y8, Y1
	VFMADD231PD Y12, Y8, Y2
	VFMADD231PD Y13, Y8, Y3
	VFMADD231PD Y10, Y9, Y4
	VFMADD231PD Y11, Y9, Y5
	VFMADD231PD Y12, Y9, Y6
	VFMADD231PD Y13, Y9, Y7
	ADDQ        $32, AX
	DECQ        CX
	JNZ         ntpairloop

ntpairtail:
	MOVQ k+8(FP), CX
	ANDQ $3, CX
	JZ   ntpairsum

ntpairtailloop:
	// VMOVSD zeroes the upper lanes: the full-width FMAs add 0·0 there.
	VMOVSD      (DX)(AX*1), X10
	VMOVSD      (R10)(AX*1), X11
	VMOVSD      (R11)(AX*1), X12
	VMOVSD      (R12)(AX*1), X13
	VMOVSD      (SI)(AX*1), X8
	VMOVSD      (R8)(AX*1), X9
	VFMADD231PD Y10, Y8, Y0
	VFMADD231PD Y11, Y8, Y1
	VFMADD231PD Y12, Y8, Y2
	VFMADD231PD Y13, Y8, Y3
	VFMADD231PD Y10, Y9, Y4
	VFMADD231PD Y11, Y9, Y5
	VFMADD231PD Y12, Y9, Y6
	VFMADD231PD Y13, Y9, Y7
	ADDQ        $8, AX
	DECQ        CX
	JNZ         ntpairtailloop

ntpairsum:
	REDUCE4(Y0, Y1, Y2, Y3)
	REDUCE4(Y4, Y5, Y6, Y7)
	MOVQ    ldc+56(FP), AX
	SHLQ    $3, AX
	VMOVUPD (DI), Y1
	VSUBPD  Y0, Y1, Y0
	VMOVUPD (DI)(AX*1), Y5
	VSUBPD  Y4, Y5, Y4
	LEAQ    (DI)(AX*2), DI
	MOVQ    t+80(FP), AX
	TESTQ   AX, AX
	JZ      ntpairstore
	TMUL(Y0, Y1, Y8)
	TMUL(Y4, Y5, Y9)
	VMOVAPD Y1, Y0
	VMOVAPD Y5, Y4

ntpairstore:
	MOVQ    ldd+72(FP), AX
	SHLQ    $3, AX
	VMOVUPD Y0, (R13)
	VMOVUPD Y4, (R13)(AX*1)
	LEAQ    (R13)(AX*2), R13
	LEAQ    (SI)(R9*2), SI
	SUBQ    $2, BX
	CMPQ    BX, $2
	JGE     ntpair

ntsingle:
	// One row: eight accumulators (Y0..Y3 over even four-element steps, Y4..Y7 over odd
	// ones) so that the dependent FMAs of one dot product do not wait on each other.
	TESTQ  BX, BX
	JZ     ntdone
	VXORPD Y0, Y0, Y0
	VXORPD Y1, Y1, Y1
	VXORPD Y2, Y2, Y2
	VXORPD Y3, Y3, Y3
	VXORPD Y4, Y4, Y4
	VXORPD Y5, Y5, Y5
	VXORPD Y6, Y6, Y6
	VXORPD Y7, Y7, Y7
	XORQ   AX, AX
	MOVQ   k+8(FP), CX
	SHRQ   $3, CX
	JZ     ntsinglefour

ntsingleloop:
	VMOVUPD     (SI)(AX*1), Y8
	VMOVUPD     32(SI)(AX*1), Y9
	VFMADD231PD (DX)(AX*1), Y8, Y0
	VFMADD231PD (R10)(AX*1), Y8, Y1
	VFMADD231PD (R11)(AX*1), Y8, Y2
	VFMADD231PD (R12)(AX*1), Y8, Y3
	VFMADD231PD 32(DX)(AX*1), Y9, Y4
	VFMADD231PD 32(R10)(AX*1), Y9, Y5
	VFMADD231PD 32(R11)(AX*1), Y9, Y6
	VFMADD231PD 32(R12)(AX*1), Y9, Y7
	ADDQ        $64, AX
	DECQ        CX
	JNZ         ntsingleloop

ntsinglefour:
	MOVQ        k+8(FP), CX
	TESTQ       $4, CX
	JZ          ntsingleadd
	VMOVUPD     (SI)(AX*1), Y8
	VFMADD231PD (DX)(AX*1), Y8, Y0
	VFMADD231PD (R10)(AX*1), Y8, Y1
	VFMADD231PD (R11)(AX*1), Y8, Y2
	VFMADD231PD (R12)(AX*1), Y8, Y3
	ADDQ        $32, AX

ntsingleadd:
	VADDPD Y4, Y0, Y0
	VADDPD Y5, Y1, Y1
	VADDPD Y6, Y2, Y2
	VADDPD Y7, Y3, Y3

ntsingletail:
	MOVQ k+8(FP), CX
	ANDQ $3, CX
	JZ   ntsinglesum

ntsingletailloop:
	VMOVSD      (DX)(AX*1), X10
	VMOVSD      (R10)(AX*1), X11
	VMOVSD      (R11)(AX*1), X12
	VMOVSD      (R12)(AX*1), X13
	VMOVSD      (SI)(AX*1), X8
	VFMADD231PD Y10, Y8, Y0
	VFMADD231PD Y11, Y8, Y1
	VFMADD231PD Y12, Y8, Y2
	VFMADD231PD Y13, Y8, Y3
	ADDQ        $8, AX
	DECQ        CX
	JNZ         ntsingletailloop

ntsinglesum:
	REDUCE4(Y0, Y1, Y2, Y3)
	VMOVUPD (DI), Y1
	VSUBPD  Y0, Y1, Y0
	MOVQ    t+80(FP), AX
	TESTQ   AX, AX
	JZ      ntsinglestore
	TMUL(Y0, Y1, Y8)
	VMOVAPD Y1, Y0

ntsinglestore:
	VMOVUPD Y0, (R13)

ntdone:
	VZEROUPPER
	RET

// func panelNN64AVX2(m, k int, a *float64, lda int, b *float64, ldb int, c *float64, ldc int, d *float64, ldd int, t *float64)
// B(p,q) = b[p*ldb+q]. Four rows at a time: Y0..Y3 accumulate rows r..r+3 over even p and
// Y4..Y7 over odd p (eight independent chains), each A element broadcast in turn.
TEXT ·panelNN64AVX2(SB), NOSPLIT, $0-88
	MOVQ m+0(FP), BX
	MOVQ a+16(FP), R12
	MOVQ lda+24(FP), R9
	SHLQ $3, R9
	MOVQ c+48(FP), DI
	MOVQ d+64(FP), R13
	CMPQ BX, $4
	JLT  nnsingle

nnquad:
	MOVQ   R12, SI
	LEAQ   (SI)(R9*2), R8
	ADDQ   R9, R8                   // row 3
	MOVQ   b+32(FP), DX
	MOVQ   ldb+40(FP), R11
	SHLQ   $3, R11
	LEAQ   (R11)(R11*1), R10
	VXORPD Y0, Y0, Y0
	VXORPD Y1, Y1, Y1
	VXORPD Y2, Y2, Y2
	VXORPD Y3, Y3, Y3
	VXORPD Y4, Y4, Y4
	VXORPD Y5, Y5, Y5
	VXORPD Y6, Y6, Y6
	VXORPD Y7, Y7, Y7
	MOVQ   k+8(FP), CX
	SHRQ   $1, CX
	JZ     nnquadtail

nnquadloop:
	VMOVUPD      (DX), Y8
	VMOVUPD      (DX)(R11*1), Y9
	VBROADCASTSD (SI), Y10
	VBROADCASTSD 8(SI), Y11
	VFMADD231PD  Y8, Y10, Y0
	VFMADD231PD  Y9, Y11, Y4
	VBROADCASTSD (SI)(R9*1), Y12
	VBROADCASTSD 8(SI)(R9*1), Y13
	VFMADD231PD  Y8, Y12, Y1
	VFMADD231PD  Y9, Y13, Y5
	VBROADCASTSD (SI)(R9*2), Y10
	VBROADCASTSD 8(SI)(R9*2), Y11
	VFMADD231PD  Y8, Y10, Y2
	VFMADD231PD  Y9, Y11, Y6
	VBROADCASTSD (R8), Y12
	VBROADCASTSD 8(R8), Y13
	VFMADD231PD  Y8, Y12, Y3
	VFMADD231PD  Y9, Y13, Y7
	ADDQ         $16, SI
	ADDQ         $16, R8
	ADDQ         R10, DX
	DECQ         CX
	JNZ          nnquadloop

nnquadtail:
	MOVQ         k+8(FP), CX
	ANDQ         $1, CX
	JZ           nnquadsum
	VMOVUPD      (DX), Y8
	VBROADCASTSD (SI), Y10
	VFMADD231PD  Y8, Y10, Y0
	VBROADCASTSD (SI)(R9*1), Y11
	VFMADD231PD  Y8, Y11, Y1
	VBROADCASTSD (SI)(R9*2), Y12
	VFMADD231PD  Y8, Y12, Y2
	VBROADCASTSD (R8), Y13
	VFMADD231PD  Y8, Y13, Y3

nnquadsum:
	VADDPD  Y4, Y0, Y0
	VADDPD  Y5, Y1, Y1
	VADDPD  Y6, Y2, Y2
	VADDPD  Y7, Y3, Y3
	MOVQ    ldc+56(FP), R10
	SHLQ    $3, R10
	LEAQ    (DI)(R10*2), R11
	VMOVUPD (DI), Y4
	VSUBPD  Y0, Y4, Y0
	VMOVUPD (DI)(R10*1), Y5
	VSUBPD  Y1, Y5, Y1
	VMOVUPD (R11), Y6
	VSUBPD  Y2, Y6, Y2
	VMOVUPD (R11)(R10*1), Y7
	VSUBPD  Y3, Y7, Y3
	LEAQ    (R11)(R10*2), DI
	MOVQ    t+80(FP), AX
	TESTQ   AX, AX
	JZ      nnquadstore
	TMUL(Y0, Y4, Y8)
	TMUL(Y1, Y5, Y9)
	TMUL(Y2, Y6, Y10)
	TMUL(Y3, Y7, Y11)
	VMOVAPD Y4, Y0
	VMOVAPD Y5, Y1
	VMOVAPD Y6, Y2
	VMOVAPD Y7, Y3

nnquadstore:
	MOVQ    ldd+72(FP), R10
	SHLQ    $3, R10
	LEAQ    (R13)(R10*2), R11
	VMOVUPD Y0, (R13)
	VMOVUPD Y1, (R13)(R10*1)
	VMOVUPD Y2, (R11)
	VMOVUPD Y3, (R11)(R10*1)
	LEAQ    (R11)(R10*2), R13
	LEAQ    (R12)(R9*4), R12
	SUBQ    $4, BX
	CMPQ    BX, $4
	JGE     nnquad

nnsingle:
	TESTQ BX, BX
	JZ    nndone

nnrow:
	// One row: four accumulators over p mod 4 (Y0, Y4, Y5, Y6).
	MOVQ   R12, SI
	MOVQ   b+32(FP), DX
	MOVQ   ldb+40(FP), R11
	SHLQ   $3, R11
	LEAQ   (R11)(R11*2), R8         // 3·ldb
	LEAQ   (R11*4), R10             // 4·ldb
	VXORPD Y0, Y0, Y0
	VXORPD Y4, Y4, Y4
	VXORPD Y5, Y5, Y5
	VXORPD Y6, Y6, Y6
	MOVQ   k+8(FP), CX
	SHRQ   $2, CX
	JZ     nnrowtail

nnrowloop:
	VBROADCASTSD (SI), Y10
	VBROADCASTSD 8(SI), Y11
	VBROADCASTSD 16(SI), Y12
	VBROADCASTSD 24(SI), Y13
	VFMADD231PD  (DX), Y10, Y0
	VFMADD231PD  (DX)(R11*1), Y11, Y4
	VFMADD231PD  (DX)(R11*2), Y12, Y5
	VFMADD231PD  (DX)(R8*1), Y13, Y6
	ADDQ         $32, SI
	ADDQ         R10, DX
	DECQ         CX
	JNZ          nnrowloop

nnrowtail:
	MOVQ         k+8(FP), CX
	ANDQ         $3, CX
	JZ           nnrowadd

nnrowtailloop:
	VBROADCASTSD (SI), Y10
	VFMADD231PD  (DX), Y10, Y0
	ADDQ         $8, SI
	ADDQ         R11, DX
	DECQ         CX
	JNZ          nnrowtailloop

nnrowadd:
	VADDPD Y5, Y4, Y4
	VADDPD Y6, Y0, Y0

nnrowsum:
	VADDPD  Y4, Y0, Y0
	VMOVUPD (DI), Y4
	VSUBPD  Y0, Y4, Y0
	MOVQ    t+80(FP), AX
	TESTQ   AX, AX
	JZ      nnrowstore
	TMUL(Y0, Y4, Y8)
	VMOVAPD Y4, Y0

nnrowstore:
	VMOVUPD Y0, (R13)
	MOVQ    ldc+56(FP), AX
	LEAQ    (DI)(AX*8), DI
	MOVQ    ldd+72(FP), AX
	LEAQ    (R13)(AX*8), R13
	ADDQ    R9, R12
	DECQ    BX
	JNZ     nnrow

nndone:
	VZEROUPPER
	RET

// func ger64AVX2(m, n int, alpha float64, x *float64, incx int, y *float64, a *float64, lda int)
// A[i,0:n] += alpha·x[i*incx]·y[0:n], row by row: four columns per FMA, the n mod 4
// trailing ones one at a time (scalar FMAs: masked stores are slow on some cores).
TEXT ·ger64AVX2(SB), NOSPLIT, $0-64
	MOVQ         m+0(FP), BX
	MOVQ         n+8(FP), R8
	SHRQ         $2, R8                 // full vectors per row
	VBROADCASTSD alpha+16(FP), Y1
	MOVQ         x+24(FP), SI
	MOVQ         incx+32(FP), R9
	SHLQ         $3, R9
	MOVQ         y+40(FP), DX
	MOVQ         a+48(FP), DI
	MOVQ         lda+56(FP), R10
	SHLQ         $3, R10
	MOVQ         n+8(FP), R11
	ANDQ         $3, R11                // tail columns

gerrow:
	VBROADCASTSD (SI), Y0
	VMULPD       Y1, Y0, Y0             // alpha·x_i
	XORQ         AX, AX
	MOVQ         R8, CX
	TESTQ        CX, CX
	JZ           gertail

gervec:
	VMOVUPD     (DI)(AX*1), Y2
	VFMADD231PD (DX)(AX*1), Y0, Y2
	VMOVUPD     Y2, (DI)(AX*1)
	ADDQ        $32, AX
	DECQ        CX
	JNZ         gervec

gertail:
	MOVQ R11, CX
	TESTQ CX, CX
	JZ   gernext

gerscalar:
	VMOVSD      (DI)(AX*1), X2
	VFMADD231SD (DX)(AX*1), X0, X2
	VMOVSD      X2, (DI)(AX*1)
	ADDQ        $8, AX
	DECQ        CX
	JNZ         gerscalar

gernext:
	ADDQ R9, SI
	ADDQ R10, DI
	DECQ BX
	JNZ  gerrow
	VZEROUPPER
	RET
