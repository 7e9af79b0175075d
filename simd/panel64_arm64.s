//go:build !purego && !noasm

#include "textflag.h"
#include "neon_arm64.h"

// Panel kernels of panel64.go on NEON: for each row r, s = C[r,0:4] − A[r,:]·B (a k×4
// block), then D[r,0:4] = s·T (t non-nil) or s. A row's four-vector s sits in two .2D
// registers (columns 0:2 and 2:4); T, when given, stays in V24..V31 (row q in V(24+2q),
// V(25+2q)). Every product is a fused multiply-add.
//
// The assembler has no mnemonics for vector FADD, FSUB, FADDP or for FMUL and FMLA by
// element: the macros below emit them as WORDs (register numbers as arguments).

// FADDV: Vd.2D = Vn.2D + Vm.2D.
#define FADDV(d, n, m) WORD $(0x4E60D400 | ((m)<<16) | ((n)<<5) | (d))
// FSUBV: Vd.2D = Vn.2D − Vm.2D.
#define FSUBV(d, n, m) WORD $(0x4EE0D400 | ((m)<<16) | ((n)<<5) | (d))
// FADDPV: Vd.2D = (Vn[0]+Vn[1], Vm[0]+Vm[1]).
#define FADDPV(d, n, m) WORD $(0x6E60D400 | ((m)<<16) | ((n)<<5) | (d))
// FMULE: Vd.2D = Vn.2D · Vm.D[i].
#define FMULE(d, n, m, i) WORD $(0x4FC09000 | ((m)<<16) | ((i)<<11) | ((n)<<5) | (d))
// FMLAE: Vd.2D += Vn.2D · Vm.D[i].
#define FMLAE(d, n, m, i) WORD $(0x4FC01000 | ((m)<<16) | ((i)<<11) | ((n)<<5) | (d))

// TMUL sets (Vdlo, Vdhi) = s·T for s = (Vlo[0], Vlo[1], Vhi[0], Vhi[1]), summing
// s0·T[0,:] + s1·T[1,:] + s2·T[2,:] + s3·T[3,:] in that order like panelStore.
#define TMUL(lo, hi, dlo, dhi) \
	FMULE(dlo, 24, lo, 0); \
	FMULE(dhi, 25, lo, 0); \
	FMLAE(dlo, 26, lo, 1); \
	FMLAE(dhi, 27, lo, 1); \
	FMLAE(dlo, 28, hi, 0); \
	FMLAE(dhi, 29, hi, 0); \
	FMLAE(dlo, 30, hi, 1); \
	FMLAE(dhi, 31, hi, 1)

// FSUB2 sets the register pair s = C − Σ: Vd = Vc − Vs and V(d+1) = V(c+1) − V(s+1).
#define FSUB2(d, c, s) \
	FSUBV(d, c, s); \
	FSUBV((d)+1, (c)+1, (s)+1)

// TLOAD loads T (at R12) into V24..V31.
#define TLOAD \
	VLD1 (R12), [V24.D2, V25.D2, V26.D2, V27.D2]; \
	ADD  $64, R12, R13; \
	VLD1 (R13), [V28.D2, V29.D2, V30.D2, V31.D2]

// CLOAD loads C's row at R8 into (lo, hi) and moves R8 to the next row; DSTORE stores
// (lo, hi) to D's row at R10 and moves R10 to the next row.
#define CLOAD(lo, hi) \
	VLD1 (R8), [lo.D2, hi.D2]; \
	ADD  R9, R8, R8
#define DSTORE(lo, hi) \
	VST1 [lo.D2, hi.D2], (R10); \
	ADD  R11, R10, R10

// NTFMLA is one NT step of one row: c0..c3 += a·(V18, V19, V20, V21), the four columns
// of B at p (and p+1 in lane 1). NTSUMS sums the lanes of two rows' accumulators V0..V7
// pairwise into V16..V19 (Σ0, Σ1 | Σ2, Σ3 of each row).
#define NTFMLA(a, c0, c1, c2, c3) \
	VFMLA V18.D2, a.D2, c0.D2; \
	VFMLA V19.D2, a.D2, c1.D2; \
	VFMLA V20.D2, a.D2, c2.D2; \
	VFMLA V21.D2, a.D2, c3.D2
#define NTSUMS \
	FADDPV(16, 0, 1); \
	FADDPV(17, 2, 3); \
	FADDPV(18, 4, 5); \
	FADDPV(19, 6, 7)

// NNFMLA is one NN step p of four rows: with B's row p in (b0, b1) and A(r+i, p)
// replicated in V(20+i), row i's pair (c(2i), c(2i+1)) += A(r+i, p)·(b0, b1).
#define NNFMLA(b0, b1, c0, c1, c2, c3, c4, c5, c6, c7) \
	VFMLA b0.D2, V20.D2, c0.D2; \
	VFMLA b1.D2, V20.D2, c1.D2; \
	VFMLA b0.D2, V21.D2, c2.D2; \
	VFMLA b1.D2, V21.D2, c3.D2; \
	VFMLA b0.D2, V22.D2, c4.D2; \
	VFMLA b1.D2, V22.D2, c5.D2; \
	VFMLA b0.D2, V23.D2, c6.D2; \
	VFMLA b1.D2, V23.D2, c7.D2

// func panelNT64NEON(m, k int, a *float64, lda int, b *float64, ldb int, c *float64, ldc int, d *float64, ldd int, t *float64)
// B(p,q) = b[q*ldb+p]; m ≥ 1. Two rows at a time: V0..V3 and V4..V7 accumulate the four
// dot products of rows r and r+1 lane-wise over p (two p per step, an odd last p in lane 0
// alone), then pairwise sums give s. A last single row uses eight accumulators (p mod 4 <
// 2 in V0..V3, the others in V4..V7).
TEXT ·panelNT64NEON(SB), NOSPLIT, $0-88
	MOVD m+0(FP), R0
	MOVD k+8(FP), R1
	MOVD a+16(FP), R2                             // row r of a
	MOVD lda+24(FP), R3
	LSL  $3, R3, R3                               // strides in bytes
	MOVD b+32(FP), R4                             // B(·,0)
	MOVD ldb+40(FP), R13
	LSL  $3, R13, R13
	ADD  R13, R4, R5                              // B(·,1)
	ADD  R13, R5, R6                              // B(·,2)
	ADD  R13, R6, R7                              // B(·,3)
	MOVD c+48(FP), R8
	MOVD ldc+56(FP), R9
	LSL  $3, R9, R9
	MOVD d+64(FP), R10
	MOVD ldd+72(FP), R11
	LSL  $3, R11, R11
	MOVD t+80(FP), R12
	CBZ  R12, ntpairs
	TLOAD                                         // T rows 0..3

ntpairs:
	CMP $2, R0
	BLT ntsingle
	MOVD R2, R14                                  // a[r, p]
	ADD  R3, R2, R15                              // a[r+1, p]
	MOVD R4, R19                                  // B(p, 0..3)
	MOVD R5, R20
	MOVD R6, R21
	MOVD R7, R22
	ZERO_V0_V7
	LSR  $1, R1, R13
	CBZ  R13, ntpairtail

ntpairloop:
	VLD1.P 16(R14), [V16.D2]                      // a[r, p:p+2]
	VLD1.P 16(R15), [V17.D2]                      // a[r+1, p:p+2]
	VLD1.P 16(R19), [V18.D2]                      // B(p:p+2, 0)
	VLD1.P 16(R20), [V19.D2]                      // B(p:p+2, 1)
	VLD1.P 16(R21), [V20.D2]                      // B(p:p+2, 2)
	VLD1.P 16(R22), [V21.D2]                      // B(p:p+2, 3)
	NTFMLA(V16, V0, V1, V2, V3)
	NTFMLA(V17, V4, V5, V6, V7)
	SUBS   $1, R13, R13
	BNE    ntpairloop

ntpairtail:
	TBZ   $0, R1, ntpairsum
	FMOVD (R14), F16                              // scalar loads zero lane 1: it adds 0·0
	FMOVD (R15), F17
	FMOVD (R19), F18
	FMOVD (R20), F19
	FMOVD (R21), F20
	FMOVD (R22), F21
	NTFMLA(V16, V0, V1, V2, V3)
	NTFMLA(V17, V4, V5, V6, V7)

ntpairsum:
	NTSUMS                                        // rows r, r+1: (Σ0, Σ1), (Σ2, Σ3)
	CLOAD(V20, V21)                               // C[r, 0:4]
	CLOAD(V22, V23)                               // C[r+1, 0:4]
	FSUB2(16, 20, 16)                             // s = C − Σ
	FSUB2(18, 22, 18)
	CBZ   R12, ntpairstore
	TMUL(16, 17, 0, 1)
	TMUL(18, 19, 2, 3)
	DSTORE(V0, V1)
	DSTORE(V2, V3)
	B     ntpairnext

ntpairstore:
	DSTORE(V16, V17)
	DSTORE(V18, V19)

ntpairnext:
	ADD R3<<1, R2, R2
	SUB $2, R0, R0
	B   ntpairs

ntsingle:
	CBZ  R0, ntdone
	MOVD R2, R14
	MOVD R4, R19
	MOVD R5, R20
	MOVD R6, R21
	MOVD R7, R22
	ZERO_V0_V7
	LSR  $2, R1, R13
	CBZ  R13, ntsingletwo

ntsingleloop:
	VLD1.P 32(R14), [V16.D2, V17.D2]              // a[r, p:p+4]
	VLD1.P 32(R19), [V18.D2, V19.D2]              // B(p:p+4, 0)
	VLD1.P 32(R20), [V20.D2, V21.D2]              // B(p:p+4, 1)
	VLD1.P 32(R21), [V22.D2, V23.D2]              // B(p:p+4, 2)
	VFMLA  V18.D2, V16.D2, V0.D2
	VFMLA  V19.D2, V17.D2, V4.D2
	VFMLA  V20.D2, V16.D2, V1.D2
	VFMLA  V21.D2, V17.D2, V5.D2
	VFMLA  V22.D2, V16.D2, V2.D2
	VFMLA  V23.D2, V17.D2, V6.D2
	VLD1.P 32(R22), [V18.D2, V19.D2]              // B(p:p+4, 3)
	VFMLA  V18.D2, V16.D2, V3.D2
	VFMLA  V19.D2, V17.D2, V7.D2
	SUBS   $1, R13, R13
	BNE    ntsingleloop

ntsingletwo:
	TBZ    $1, R1, ntsingletail
	VLD1.P 16(R14), [V16.D2]
	VLD1.P 16(R19), [V18.D2]
	VLD1.P 16(R20), [V19.D2]
	VLD1.P 16(R21), [V20.D2]
	VLD1.P 16(R22), [V21.D2]
	NTFMLA(V16, V0, V1, V2, V3)

ntsingletail:
	TBZ   $0, R1, ntsinglesum
	FMOVD (R14), F16
	FMOVD (R19), F18
	FMOVD (R20), F19
	FMOVD (R21), F20
	FMOVD (R22), F21
	NTFMLA(V16, V0, V1, V2, V3)

ntsinglesum:
	NTSUMS
	FADDV(16, 16, 18)
	FADDV(17, 17, 19)
	VLD1  (R8), [V20.D2, V21.D2]
	FSUB2(16, 20, 16)
	CBZ   R12, ntsinglestore
	TMUL(16, 17, 0, 1)
	VST1  [V0.D2, V1.D2], (R10)
	RET

ntsinglestore:
	VST1 [V16.D2, V17.D2], (R10)

ntdone:
	RET

// func panelNN64NEON(m, k int, a *float64, lda int, b *float64, ldb int, c *float64, ldc int, d *float64, ldd int, t *float64)
// B(p,q) = b[p*ldb+q]; m ≥ 1. Four rows at a time: row r+i accumulates in V(2i), V(2i+1)
// over even p and V(8+2i), V(9+2i) over odd p, each A element replicated (LD1R) and
// multiplied into the two halves of B's row p. Leftover rows go one at a time.
TEXT ·panelNN64NEON(SB), NOSPLIT, $0-88
	MOVD m+0(FP), R0
	MOVD k+8(FP), R1
	MOVD a+16(FP), R2                             // row r of a
	MOVD lda+24(FP), R3
	LSL  $3, R3, R3                               // strides in bytes
	MOVD b+32(FP), R4
	MOVD ldb+40(FP), R5
	LSL  $3, R5, R5
	MOVD c+48(FP), R8
	MOVD ldc+56(FP), R9
	LSL  $3, R9, R9
	MOVD d+64(FP), R10
	MOVD ldd+72(FP), R11
	LSL  $3, R11, R11
	MOVD t+80(FP), R12
	CBZ  R12, nnquads
	TLOAD                                         // T rows 0..3

nnquads:
	CMP  $4, R0
	BLT  nnrow
	MOVD R2, R14                                  // a[r, p] .. a[r+3, p]
	ADD  R3, R14, R15
	ADD  R3, R15, R19
	ADD  R3, R19, R20
	MOVD R4, R21                                  // B(p, 0:4)
	ZERO_V0_V15
	LSR  $1, R1, R13
	CBZ  R13, nnquadtail

nnquadloop:
	VLD1.P  (R21)(R5), [V16.D2, V17.D2]           // B(p, 0:4); next p
	VLD1.P  (R21)(R5), [V18.D2, V19.D2]           // B(p+1, 0:4)
	VLD1R.P 8(R14), [V20.D2]                      // a[r, p] in both lanes
	VLD1R.P 8(R15), [V21.D2]                      // a[r+1, p]
	VLD1R.P 8(R19), [V22.D2]                      // a[r+2, p]
	VLD1R.P 8(R20), [V23.D2]                      // a[r+3, p]
	NNFMLA(V16, V17, V0, V1, V2, V3, V4, V5, V6, V7)
	VLD1R.P 8(R14), [V20.D2]                      // a[r, p+1]
	VLD1R.P 8(R15), [V21.D2]
	VLD1R.P 8(R19), [V22.D2]
	VLD1R.P 8(R20), [V23.D2]
	NNFMLA(V18, V19, V8, V9, V10, V11, V12, V13, V14, V15)
	SUBS    $1, R13, R13
	BNE     nnquadloop

nnquadtail:
	TBZ   $0, R1, nnquadsum
	VLD1  (R21), [V16.D2, V17.D2]                 // B(k−1, 0:4)
	VLD1R (R14), [V20.D2]
	VLD1R (R15), [V21.D2]
	VLD1R (R19), [V22.D2]
	VLD1R (R20), [V23.D2]
	NNFMLA(V16, V17, V0, V1, V2, V3, V4, V5, V6, V7)

nnquadsum:
	FADDV(0, 0, 8)
	FADDV(1, 1, 9)
	FADDV(2, 2, 10)
	FADDV(3, 3, 11)
	FADDV(4, 4, 12)
	FADDV(5, 5, 13)
	FADDV(6, 6, 14)
	FADDV(7, 7, 15)
	CLOAD(V16, V17)                               // C[r, 0:4] .. C[r+3, 0:4]
	CLOAD(V18, V19)
	CLOAD(V20, V21)
	CLOAD(V22, V23)
	FSUB2(16, 16, 0)                              // s = C − Σ
	FSUB2(18, 18, 2)
	FSUB2(20, 20, 4)
	FSUB2(22, 22, 6)
	CBZ   R12, nnquadstore
	TMUL(16, 17, 0, 1)
	TMUL(18, 19, 2, 3)
	TMUL(20, 21, 4, 5)
	TMUL(22, 23, 6, 7)
	DSTORE(V0, V1)
	DSTORE(V2, V3)
	DSTORE(V4, V5)
	DSTORE(V6, V7)
	B     nnquadnext

nnquadstore:
	DSTORE(V16, V17)
	DSTORE(V18, V19)
	DSTORE(V20, V21)
	DSTORE(V22, V23)

nnquadnext:
	ADD R3<<2, R2, R2
	SUB $4, R0, R0
	B   nnquads

nnrow:
	// One row: V0, V1 over even p, V2, V3 over odd p.
	CBZ  R0, nndone
	MOVD R2, R14
	MOVD R4, R21
	ZERO_V0_V3
	LSR  $1, R1, R13
	CBZ  R13, nnrowtail

nnrowloop:
	VLD1.P  (R21)(R5), [V16.D2, V17.D2]           // B(p, 0:4)
	VLD1.P  (R21)(R5), [V18.D2, V19.D2]           // B(p+1, 0:4)
	VLD1R.P 8(R14), [V20.D2]                      // a[r, p]
	VLD1R.P 8(R14), [V21.D2]                      // a[r, p+1]
	VFMLA   V16.D2, V20.D2, V0.D2
	VFMLA   V17.D2, V20.D2, V1.D2
	VFMLA   V18.D2, V21.D2, V2.D2
	VFMLA   V19.D2, V21.D2, V3.D2
	SUBS    $1, R13, R13
	BNE     nnrowloop

nnrowtail:
	TBZ   $0, R1, nnrowsum
	VLD1  (R21), [V16.D2, V17.D2]
	VLD1R (R14), [V20.D2]
	VFMLA V16.D2, V20.D2, V0.D2
	VFMLA V17.D2, V20.D2, V1.D2

nnrowsum:
	FADDV(0, 0, 2)
	FADDV(1, 1, 3)
	VLD1  (R8), [V16.D2, V17.D2]
	FSUB2(16, 16, 0)
	CBZ   R12, nnrowstore
	TMUL(16, 17, 0, 1)
	VST1  [V0.D2, V1.D2], (R10)
	B     nnrownext

nnrowstore:
	VST1 [V16.D2, V17.D2], (R10)

nnrownext:
	ADD R9, R8, R8
	ADD R11, R10, R10
	ADD R3, R2, R2
	SUB $1, R0, R0
	B   nnrow

nndone:
	RET

// func ger64NEON(m, n int, alpha float64, x *float64, incx int, y *float64, a *float64, lda int)
// a[i*lda+j] += (alpha·x[i*incx])·y[j] for i < m, j < n; m, n ≥ 1. Four columns per step
// (two .2D registers), then two, then one in lane 0; each update is one fused multiply-add.
TEXT ·ger64NEON(SB), NOSPLIT, $0-64
	MOVD  m+0(FP), R0
	MOVD  n+8(FP), R1
	FMOVD alpha+16(FP), F30
	MOVD  x+24(FP), R2
	MOVD  incx+32(FP), R3
	LSL   $3, R3, R3
	MOVD  y+40(FP), R4
	MOVD  a+48(FP), R5
	MOVD  lda+56(FP), R6
	LSL   $3, R6, R6

gerrow:
	FMOVD (R2), F31
	FMULD F30, F31, F31                           // s = alpha·x[i*incx]
	VDUP  V31.D[0], V31.D2                        // in both lanes
	MOVD  R4, R7                                  // y[j]
	MOVD  R5, R8                                  // a[i*lda+j]
	LSR   $2, R1, R13
	CBZ   R13, gertwo

gerloop:
	VLD1   (R8), [V16.D2, V17.D2]
	VLD1.P 32(R7), [V18.D2, V19.D2]
	VFMLA  V18.D2, V31.D2, V16.D2
	VFMLA  V19.D2, V31.D2, V17.D2
	VST1.P [V16.D2, V17.D2], 32(R8)
	SUBS   $1, R13, R13
	BNE    gerloop

gertwo:
	TBZ    $1, R1, gerone
	VLD1   (R8), [V16.D2]
	VLD1.P 16(R7), [V18.D2]
	VFMLA  V18.D2, V31.D2, V16.D2
	VST1.P [V16.D2], 16(R8)

gerone:
	TBZ   $0, R1, gernext
	FMOVD (R8), F16                               // lane 1 zero: it computes 0 + s·0
	FMOVD (R7), F18
	VFMLA V18.D2, V31.D2, V16.D2
	FMOVD F16, (R8)

gernext:
	ADD  R3, R2, R2
	ADD  R6, R5, R5
	SUBS $1, R0, R0
	BNE  gerrow
	RET
