package lapack

import "github.com/edgetrain/edgetrain/simd"

// The blocked routines recurse on halves of the columns and move almost all their flops
// into simd.GemmPacked64. A triangular solve of at most trsmBase columns is done as a
// product with the explicit inverse of the diagonal triangle (invLower, invUpper), eight
// columns at a time so that the zero half of the inverse is skipped (mulTriRight). The
// scratch they need lives on the caller's stack, sized by the problem (smallScratch,
// bigScratch).

// scratch holds the stack buffers of one blocked routine: the pack of simd.GemmPacked64,
// one trsmBase×trsmBase triangular inverse and a block of rows being multiplied by it.
type scratch struct {
	pack, inv, tmp []float64
}

// invLower writes the inverse of the n×n lower triangle l (unit diagonal when unit) into
// dst (row-major, leading dimension ldd), zeros above the diagonal. Row i of the inverse is
// (e_i − Σ_{q<i} l[i,q]·row q)/l[i,i].
func invLower(n int, l []float64, ldl int, unit bool, dst []float64, ldd int) {
	for i := 0; i < n; i++ {
		ri := dst[i*ldd : i*ldd+n]
		for j := range ri {
			ri[j] = 0
		}
		li := l[i*ldl : i*ldl+i]
		for q, v := range li {
			if v == 0 {
				continue
			}
			rq := dst[q*ldd : q*ldd+q+1]
			rr := ri[:len(rq)]
			for j, x := range rq {
				rr[j] -= v * x
			}
		}
		d := 1.0
		if !unit {
			d = 1 / l[i*ldl+i]
		}
		ri[i] = 1
		if d != 1 {
			for j := 0; j <= i; j++ {
				ri[j] *= d
			}
		}
	}
}

// invUpper writes the inverse of the n×n upper triangle u into dst, zeros below the
// diagonal: row i is (e_i − Σ_{q>i} u[i,q]·row q)/u[i,i], from the last row up.
func invUpper(n int, u []float64, ldu int, dst []float64, ldd int) {
	for i := n - 1; i >= 0; i-- {
		ri := dst[i*ldd : i*ldd+n]
		for j := range ri {
			ri[j] = 0
		}
		ri[i] = 1
		for q := i + 1; q < n; q++ {
			v := u[i*ldu+q]
			if v == 0 {
				continue
			}
			rq := dst[q*ldd+q : q*ldd+n]
			rr := ri[q:n]
			for j, x := range rq {
				rr[j] -= v * x
			}
		}
		d := 1 / u[i*ldu+i]
		for j := i; j < n; j++ {
			ri[j] *= d
		}
	}
}

// mulTriRight overwrites the m×kb block x with x·W, where W(p,j) = w[p*wrs+j*wcs] is
// kb×kb and triangular: upper (W(p,j) = 0 for p > j) when upper, lower otherwise. Rows of
// x go through s.tmp in chunks; each eight-column strip multiplies only the rows of W
// that can be nonzero in it.
func mulTriRight(s *scratch, m, kb int, x []float64, ldx int, w []float64, wrs, wcs int, upper bool) {
	rows := len(s.tmp) / kb
	for i0 := 0; i0 < m; i0 += rows {
		rb := min(rows, m-i0)
		t := s.tmp[:rb*kb]
		for r := 0; r < rb; r++ {
			xr := x[(i0+r)*ldx : (i0+r)*ldx+kb]
			copy(t[r*kb:(r+1)*kb], xr)
			for j := range xr {
				xr[j] = 0
			}
		}
		for j0 := 0; j0 < kb; j0 += 8 {
			jw := min(8, kb-j0)
			p0, p1 := 0, min(kb, j0+8)
			if !upper {
				p0, p1 = j0, kb
			}
			simd.GemmPacked64(s.pack, false, rb, jw, p1-p0, 1, t[p0:], kb, 1,
				w[p0*wrs+j0*wcs:], wrs, wcs, x[i0*ldx+j0:], ldx)
		}
	}
}

// trsmBase is the width at which the triangular solves stop recursing and multiply by
// the explicit inverse of the remaining triangle.
const trsmBase = 16

// trsmRightLowerT overwrites the m×w block x with x·L⁻ᵀ for the w×w lower triangle l
// (unit diagonal when unit): the solution of X·Lᵀ = B. With X = [X1 X2] and
// L = [L11 0; L21 L22]: X1 = B1·L11⁻ᵀ, then X2 = (B2 − X1·L21ᵀ)·L22⁻ᵀ.
func trsmRightLowerT(s *scratch, m, w int, l []float64, ldl int, unit bool, x []float64, ldx int) {
	if m == 0 || w == 0 {
		return
	}
	if w <= trsmBase {
		invLower(w, l, ldl, unit, s.inv, w)
		// (L⁻ᵀ)(p,j) = L⁻¹[j,p]: upper.
		mulTriRight(s, m, w, x, ldx, s.inv, 1, w, true)
		return
	}
	h := half(w)
	trsmRightLowerT(s, m, h, l, ldl, unit, x, ldx)
	simd.GemmPacked64(s.pack, false, m, w-h, h, -1, x, ldx, 1, l[h*ldl:], 1, ldl, x[h:], ldx)
	trsmRightLowerT(s, m, w-h, l[h*ldl+h:], ldl, unit, x[h:], ldx)
}

// trsmRightLower overwrites the m×w block x with x·L⁻¹ for the w×w lower triangle l
// (unit diagonal when unit): the solution of X·L = B. With L = [L11 0; L21 L22]:
// X2 = B2·L22⁻¹, then X1 = (B1 − X2·L21)·L11⁻¹.
func trsmRightLower(s *scratch, m, w int, l []float64, ldl int, unit bool, x []float64, ldx int) {
	if m == 0 || w == 0 {
		return
	}
	if w <= trsmBase {
		invLower(w, l, ldl, unit, s.inv, w)
		mulTriRight(s, m, w, x, ldx, s.inv, w, 1, false)
		return
	}
	h := half(w)
	trsmRightLower(s, m, w-h, l[h*ldl+h:], ldl, unit, x[h:], ldx)
	simd.GemmPacked64(s.pack, false, m, h, w-h, -1, x[h:], ldx, 1, l[h*ldl:], ldl, 1, x, ldx)
	trsmRightLower(s, m, h, l, ldl, unit, x, ldx)
}

// trsmRightUpperT overwrites the m×w block x with x·U⁻ᵀ for the w×w upper triangle u:
// the solution of X·Uᵀ = B. With U = [U11 U12; 0 U22]: X2 = B2·U22⁻ᵀ, then
// X1 = (B1 − X2·U12ᵀ)·U11⁻ᵀ.
func trsmRightUpperT(s *scratch, m, w int, u []float64, ldu int, x []float64, ldx int) {
	if m == 0 || w == 0 {
		return
	}
	if w <= trsmBase {
		invUpper(w, u, ldu, s.inv, w)
		// (U⁻ᵀ)(p,j) = U⁻¹[j,p]: lower.
		mulTriRight(s, m, w, x, ldx, s.inv, 1, w, false)
		return
	}
	h := half(w)
	trsmRightUpperT(s, m, w-h, u[h*ldu+h:], ldu, x[h:], ldx)
	simd.GemmPacked64(s.pack, false, m, h, w-h, -1, x[h:], ldx, 1, u[h:], 1, ldu, x, ldx)
	trsmRightUpperT(s, m, h, u, ldu, x, ldx)
}

// trsmLeftLowerUnit overwrites the h×w block x with L⁻¹·x for the h×h unit lower
// triangle l: the solution of L·X = B. With L = [L11 0; L21 L22]: X1 = L11⁻¹·B1, then
// X2 = L22⁻¹·(B2 − L21·X1). Small triangles run the substitution as rank-one updates.
func trsmLeftLowerUnit(s *scratch, h, w int, l []float64, ldl int, x []float64, ldx int) {
	if h <= trsmBase || w < 8 {
		// Right-looking: row q, once final, leaves the rows below it.
		for q := 0; q+1 < h; q++ {
			simd.Ger64(h-q-1, w, -1, l[(q+1)*ldl+q:], ldl, x[q*ldx:q*ldx+w], x[(q+1)*ldx:], ldx)
		}
		return
	}
	t := half(h)
	trsmLeftLowerUnit(s, t, w, l, ldl, x, ldx)
	simd.GemmPacked64(s.pack, false, h-t, w, t, -1, l[t*ldl:], ldl, 1, x, ldx, 1, x[t*ldx:], ldx)
	trsmLeftLowerUnit(s, h-t, w, l[t*ldl+t:], ldl, x[t*ldx:], ldx)
}

// smallScratch and bigScratch hold the stack buffers of the blocked routines. Go clears
// stack buffers on entry, so problems of at most smallN rows get the small ones.
type smallScratch struct {
	pack [simd.MinPack64]float64
	inv  [trsmBase * trsmBase]float64
	tmp  [64 * trsmBase]float64
}

type bigScratch struct {
	pack [simd.PackLen64]float64
	inv  [trsmBase * trsmBase]float64
	tmp  [256 * trsmBase]float64
}

const smallN = 160

func (b *smallScratch) scratch() scratch {
	return scratch{pack: b.pack[:], inv: b.inv[:], tmp: b.tmp[:]}
}

func (b *bigScratch) scratch() scratch {
	return scratch{pack: b.pack[:], inv: b.inv[:], tmp: b.tmp[:]}
}
