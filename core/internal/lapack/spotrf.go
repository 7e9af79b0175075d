package lapack

import (
	"math"

	"github.com/edgetrain/edgetrain/simd"
)

// Float32 Cholesky factorization and solves, the fast half of the mixed-precision solves
// (Dsposv here, and the dual NGD systems of package core, which refine in float64 with an
// operator of their own). Spotrf is Dpotrf in float32: the same recursion on halves, with
// every product in simd.GemmPacked32, which runs at about twice the float64 rate.
// spotrfCrout (float64 sums) and spotrsGeneric are the specifications.

// scratch32 holds the stack buffers of Spotrf: the pack of simd.GemmPacked32, the float32
// inverse of one diagonal triangle and a block of rows being multiplied by it.
type scratch32 struct {
	pack [simd.PackLen32]float32
	inv  [strsmBase * strsmBase]float32
	tmp  [256 * strsmBase]float32
}

// spotrfLeaf is the order at which Spotrf's recursion hands a diagonal block to the
// scalar Crout loop (its own constant: Dpotrf's leaves follow its assembly kernels).
const spotrfLeaf = 16

// strsmBase is the width at which strsmRightLowerT multiplies by the inverse of the
// remaining triangle: wider than trsmBase, since the float32 product with a short inner
// dimension runs far below the kernel's rate while the inverse costs little.
const strsmBase = 32

// Spotrf overwrites the lower triangle of the SPD float32 matrix a (n×n, leading
// dimension ld) with its Cholesky factor L (a = L·Lᵀ); the strict upper triangle is not
// touched. It returns false when a is not numerically positive definite in float32.
//
// Recursive like Dpotrf: factor the leading half, solve the panel against it
// (strsmRightLowerT) and subtract its products from the trailing lower triangle
// (simd.GemmPacked32, triangular form), then factor the trailing half. Diagonal blocks of
// at most spotrfLeaf columns run spotrfCrout.
func Spotrf(n int, a []float32, ld int) bool { return SpotrfWork(n, a, ld, nil) }

// SpotrfWorkLen is the length of the work SpotrfWork takes for order n.
func SpotrfWorkLen(n int) int { return n * strsmBase }

// SpotrfWork is Spotrf with work of at least SpotrfWorkLen(n) values (or nil): there it
// keeps the inverse of every diagonal block of at most strsmBase columns once that block
// is factored, and the triangular solves of all the recursion's levels reuse it instead
// of inverting the same block again at each level. The factor is the same, bit for bit.
func SpotrfWork(n int, a []float32, ld int, work []float32) bool {
	if n <= spotrfLeaf {
		return spotrfCrout(n, a, ld)
	}
	if n > 0 && len(a) < (n-1)*ld+n {
		panic("lapack: matrix slice too short")
	}
	if work != nil {
		work = work[:SpotrfWorkLen(n)]
	}
	var s scratch32
	return spotrfRec(&s, n, a, ld, 0, work)
}

// spotrfRec factors the diagonal block a whose first column is column off of the whole
// matrix; with cache, the first blocks of the recursion of at most strsmBase columns
// leave their inverse at cache[off*strsmBase:] (see strsmRightLowerT).
func spotrfRec(s *scratch32, n int, a []float32, ld int, off int, cache []float32) bool {
	if n <= strsmBase && cache != nil {
		if !spotrfRec(s, n, a, ld, 0, nil) {
			return false
		}
		invUpperT(n, a, ld, cache[off*strsmBase:off*strsmBase+n*n])
		return true
	}
	if n <= spotrfLeaf {
		return spotrfCrout(n, a, ld)
	}
	h := half16(n)
	if !spotrfRec(s, h, a, ld, off, cache) {
		return false
	}
	m := n - h
	l21 := a[h*ld:]
	strsmRightLowerT(s, m, h, a, ld, l21, ld, off, cache)
	simd.GemmPacked32(s.pack[:], true, m, m, h, -1, l21, ld, 1, l21, 1, ld, a[h*ld+h:], ld)
	return spotrfRec(s, m, a[h*ld+h:], ld, off+h, cache)
}

// invUpperT writes L⁻ᵀ (w×w, upper triangular, stride w) of the w×w lower triangle l
// (w ≤ strsmBase) into inv, the inverse computed in float64 and rounded to float32.
func invUpperT(w int, l []float32, ldl int, inv []float32) {
	var lw, li [strsmBase * strsmBase]float64
	for i := 0; i < w; i++ {
		for j := 0; j <= i; j++ {
			lw[i*w+j] = float64(l[i*ldl+j])
		}
	}
	invLower(w, lw[:], w, false, li[:], w)
	for p := 0; p < w; p++ {
		for j := 0; j < w; j++ {
			inv[p*w+j] = float32(li[j*w+p])
		}
	}
}

// half16 returns the split point of n columns in the float32 recursions: about n/2, a
// multiple of sixteen (the width of GemmPacked32's strips, so that the products of the
// recursion run on whole strips and whole kernel tiles).
func half16(n int) int { return max(16, (n/2+8)&^15) }

// spotrfCrout is the unblocked Cholesky–Crout loop on float32 storage with float64 sums:
// the specification of Spotrf and its base case.
func spotrfCrout(n int, a []float32, ld int) bool {
	for j := 0; j < n; j++ {
		rj := a[j*ld : j*ld+j]
		d := float64(a[j*ld+j])
		for _, v := range rj {
			d -= float64(v) * float64(v)
		}
		if !(d > 0) || math.IsInf(d, 0) {
			return false
		}
		d = math.Sqrt(d)
		a[j*ld+j] = float32(d)
		inv := 1 / d
		for i := j + 1; i < n; i++ {
			ri := a[i*ld : i*ld+j]
			s := float64(a[i*ld+j])
			for k, v := range ri {
				s -= float64(v) * float64(rj[k])
			}
			a[i*ld+j] = float32(s * inv)
		}
	}
	return true
}

// strsmRightLowerT overwrites the m×w block x with x·L⁻ᵀ for the w×w lower triangle l, in
// float32, recursive on halves of the columns like trsmRightLowerT. The base case
// multiplies by the float32-rounded inverse of a triangle of at most strsmBase columns
// (computed in float64), one chunk of rows of x (copied to s.tmp) at a time.
func strsmRightLowerT(s *scratch32, m, w int, l []float32, ldl int, x []float32, ldx int, off int, cache []float32) {
	if m == 0 || w == 0 {
		return
	}
	if w <= strsmBase {
		var inv []float32
		if cache != nil {
			inv = cache[off*strsmBase : off*strsmBase+w*w]
		} else {
			inv = s.inv[:w*w]
			invUpperT(w, l, ldl, inv)
		}
		rows := len(s.tmp) / w
		for i0 := 0; i0 < m; i0 += rows {
			rb := min(rows, m-i0)
			t := s.tmp[:rb*w]
			for r := 0; r < rb; r++ {
				xr := x[(i0+r)*ldx : (i0+r)*ldx+w]
				copy(t[r*w:(r+1)*w], xr)
				clear(xr)
			}
			simd.GemmPacked32(s.pack[:], false, rb, w, w, 1, t, w, 1, inv, w, 1, x[i0*ldx:], ldx)
		}
		return
	}
	h := half16(w)
	strsmRightLowerT(s, m, h, l, ldl, x, ldx, off, cache)
	simd.GemmPacked32(s.pack[:], false, m, w-h, h, -1, x, ldx, 1, l[h*ldl:], 1, ldl, x[h:], ldx)
	strsmRightLowerT(s, m, w-h, l[h*ldl+h:], ldl, x[h:], ldx, off+h, cache)
}

// Spotrs solves L·Lᵀ x = b in place in b in float32, with L from Spotrf. The forward
// substitution takes eight rows at a time: their products with the solved part are one
// simd.GemmNT, the 8×8 triangle is substituted in Go. The backward one is an axpy per
// row of L. spotrsGeneric is the specification.
func Spotrs(n int, a []float32, ld int, b []float32) {
	b = b[:n]
	for i0 := 0; i0 < n; i0 += 8 {
		ib := min(8, n-i0)
		if i0 > 0 {
			simd.GemmNT(ib, 1, i0, -1, a[i0*ld:], ld, b[:i0], i0, 1, b[i0:i0+ib], 1)
		}
		for i := i0; i < i0+ib; i++ {
			s := b[i]
			for j := i0; j < i; j++ {
				s -= a[i*ld+j] * b[j]
			}
			b[i] = s / a[i*ld+i]
		}
	}
	for i := n - 1; i >= 0; i-- {
		xi := b[i] / a[i*ld+i]
		b[i] = xi
		simd.Axpy(-xi, a[i*ld:i*ld+i], b[:i])
	}
}

// spotrsGeneric is the reference for Spotrs: both substitutions one element at a time,
// the backward one down the columns of L.
func spotrsGeneric(n int, a []float32, ld int, b []float32) {
	for i := 0; i < n; i++ {
		s := b[i]
		for j := 0; j < i; j++ {
			s -= a[i*ld+j] * b[j]
		}
		b[i] = s / a[i*ld+i]
	}
	for i := n - 1; i >= 0; i-- {
		s := b[i]
		for k := i + 1; k < n; k++ {
			s -= a[k*ld+i] * b[k]
		}
		b[i] = s / a[i*ld+i]
	}
}
