package lapack

import "github.com/edgetrain/edgetrain/simd"

// DpotrsStrips is DpotrsRows for many right-hand sides of a large order, with the
// right-hand sides transposed into strips of eight (the columns of Bᵀ, eight values per
// row of the system) so that every product runs on unpacked operands:
//
//	forward, L·Y = Bᵀ:  Y_I = L_II⁻¹·(Bᵀ_I − L[I, <I]·Y_<I),
//	backward, Lᵀ·W = Y: W_I = L_II⁻ᵀ·(Y_I − L[>I, I]ᵀ·W_>I),
//
// over blocks I of six rows (simd.Strip6x8: six rows of L, or of its transpose, times a
// strip, all earlier rows at once), then the six-row block through the explicit inverse of
// L's diagonal block (simd.Mul6x8). The blocks are counted from a virtual start
// h = (6 − n mod 6) mod 6 rows above the system (an identity there), so the only partial
// block is the first of the forward sweep and the last of the backward one, where its short
// extent costs nothing.

// StripsWork returns the float64 scratch DpotrsStrips needs for order n and nrhs rows.
func StripsWork(n, nrhs int) int {
	np := n + (6-n%6)%6
	return (nrhs+7)/8*8*np + 6*np
}

// DpotrsStrips solves A·x = b for each of the nrhs rows b of B in place (B ← B·A⁻¹, B
// nrhs×n with leading dimension ldb), with L from Dpotrf in the lower triangle of a; work
// holds at least StripsWork(n, nrhs) values. Orders below 6 go to DpotrsRows. The elements
// of a outside the lower triangle do not affect the result (they may hold anything, NaN
// included).
func DpotrsStrips(n, nrhs int, a []float64, lda int, b []float64, ldb int, work []float64) {
	if n < 6 {
		DpotrsRows(n, nrhs, a, lda, b, ldb)
		return
	}
	if nrhs == 0 {
		return
	}
	h := (6 - n%6) % 6
	np := n + h
	ns := (nrhs + 7) / 8
	st := work[:ns*8*np]
	inv := work[ns*8*np : ns*8*np+6*np]

	// Bᵀ into the strips (strip s, row q at st[s*8*np+(h+q)*8:]), zeros in the h virtual
	// rows and in the columns past nrhs.
	for s := 0; s < ns; s++ {
		ss := st[s*8*np : (s+1)*8*np]
		clear(ss[:h*8])
		w := min(8, nrhs-8*s)
		if w < 8 {
			clear(ss[h*8:])
		}
		if w == 8 {
			toStrip(n, b[8*s*ldb:], ldb, ss[h*8:])
			continue
		}
		for jj := 0; jj < w; jj++ {
			row := b[(8*s+jj)*ldb : (8*s+jj)*ldb+n]
			for q, v := range row {
				ss[(h+q)*8+jj] = v
			}
		}
	}

	// the inverses of the diagonal blocks (row-major 6×6, lower), the first padded with
	// the identity in its h virtual rows
	for g := 0; g < np/6; g++ {
		var l [36]float64
		for i := 0; i < 6; i++ {
			for j := 0; j <= i; j++ {
				ri, rj := 6*g+i-h, 6*g+j-h
				switch {
				case rj >= 0:
					l[i*6+j] = a[ri*lda+rj]
				case i == j:
					l[i*6+j] = 1
				}
			}
		}
		invLower(6, l[:], 6, false, inv[g*36:(g+1)*36], 6)
	}

	// forward
	for g := 0; g < np/6; g++ {
		i0 := 6 * g
		for s := 0; s < ns; s++ {
			ss := st[s*8*np : (s+1)*8*np]
			if g > 0 {
				simd.Strip6x8(i0-h, -1, a[(i0-h)*lda:], lda, 1, ss[h*8:], ss[i0*8:], 8)
			}
			simd.Mul6x8(inv[g*36:(g+1)*36], 6, 1, ss[i0*8:i0*8+48])
		}
	}

	// backward
	for g := np/6 - 1; g >= 0; g-- {
		i0 := 6 * g
		for s := 0; s < ns; s++ {
			ss := st[s*8*np : (s+1)*8*np]
			if k := np - i0 - 6; k > 0 {
				// A(i, p) = L[i0+6+p−h, i0+i−h]; for g = 0 the h virtual rows read
				// whatever lies left of L's first columns, and are cleared
				simd.Strip6x8(k, -1, a[(i0+6-h)*lda+i0-h:], 1, lda, ss[(i0+6)*8:], ss[i0*8:], 8)
				if g == 0 {
					clear(ss[:h*8])
				}
			}
			simd.Mul6x8(inv[g*36:(g+1)*36], 1, 6, ss[i0*8:i0*8+48])
		}
	}

	// back into the rows of B
	for s := 0; s < ns; s++ {
		ss := st[s*8*np : (s+1)*8*np]
		w := min(8, nrhs-8*s)
		if w == 8 {
			fromStrip(n, ss[h*8:], b[8*s*ldb:], ldb)
			continue
		}
		for jj := 0; jj < w; jj++ {
			row := b[(8*s+jj)*ldb : (8*s+jj)*ldb+n]
			for q := range row {
				row[q] = ss[(h+q)*8+jj]
			}
		}
	}
}

// toStrip writes the eight rows of b (length n, stride ldb) into the strip ss, eight values
// (one per row) per position q.
func toStrip(n int, b []float64, ldb int, ss []float64) {
	r0, r1, r2, r3 := b[:n], b[ldb:ldb+n], b[2*ldb:2*ldb+n], b[3*ldb:3*ldb+n]
	r4, r5, r6, r7 := b[4*ldb:4*ldb+n], b[5*ldb:5*ldb+n], b[6*ldb:6*ldb+n], b[7*ldb:7*ldb+n]
	ss = ss[:8*n]
	for q := range r0 {
		d := ss[8*q : 8*q+8 : 8*q+8]
		d[0], d[1], d[2], d[3] = r0[q], r1[q], r2[q], r3[q]
		d[4], d[5], d[6], d[7] = r4[q], r5[q], r6[q], r7[q]
	}
}

// fromStrip is toStrip's inverse: the strip ss back into the eight rows of b.
func fromStrip(n int, ss []float64, b []float64, ldb int) {
	r0, r1, r2, r3 := b[:n], b[ldb:ldb+n], b[2*ldb:2*ldb+n], b[3*ldb:3*ldb+n]
	r4, r5, r6, r7 := b[4*ldb:4*ldb+n], b[5*ldb:5*ldb+n], b[6*ldb:6*ldb+n], b[7*ldb:7*ldb+n]
	ss = ss[:8*n]
	for q := range r0 {
		d := ss[8*q : 8*q+8 : 8*q+8]
		r0[q], r1[q], r2[q], r3[q] = d[0], d[1], d[2], d[3]
		r4[q], r5[q], r6[q], r7[q] = d[4], d[5], d[6], d[7]
	}
}

// StripsPay reports whether DpotrsStrips is faster than DpotrsRows for order n and nrhs
// rows (measured, thread CPU time: 256×128 rows 463 → 358 µs, 160×128 228 → 172 µs,
// 128×256 235 → 200 µs, but 128×10 12 → 17 µs and 96×128 62 → 67 µs).
func StripsPay(n, nrhs int) bool {
	return nrhs >= 8 && n > potrsRowsDirect || nrhs >= 64 && n == potrsRowsDirect
}
