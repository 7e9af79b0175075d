package simd

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestPanel64MatchesTwin checks PanelNT64 and PanelNN64 on every path against their Go
// twins and against a plain float64 loop, for m and k from 0 to 21 (all row-group and
// k-tail remainders), strided operands whose gaps hold NaN, with and without the 4×4
// product, and D written in place over C or beside it (its stride gaps and a guard band
// after its last row must stay NaN).
func TestPanel64MatchesTwin(t *testing.T) {
	forEachPath(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(61, 62))
		idx := 0
		for _, nn := range []bool{false, true} {
			for m := 0; m <= 21; m++ {
				for k := 0; k <= 21; k++ {
					idx++
					panelCase(t, rng, nn, m, k, idx)
				}
			}
		}
	})
}

func panelCase(t *testing.T, rng *rand.Rand, nn bool, m, k, idx int) {
	nanSlice := func(n int) []float64 {
		s := make([]float64, n)
		for i := range s {
			s[i] = math.NaN()
		}
		return s
	}
	lda := k + ldExtra[idx%5]
	a := nanSlice(max(m*lda, 1))
	for r := 0; r < m; r++ {
		for p := 0; p < k; p++ {
			a[r*lda+p] = rng.Float64()*2 - 1
		}
	}
	// B(p,q): NT keeps four rows of length k, NN k rows of four.
	var b []float64
	var ldb int
	bAt := func(p, q int) int { return q*ldb + p }
	if nn {
		ldb = 4 + ldExtra[(idx+1)%5]
		b = nanSlice(max(k*ldb, 1))
		bAt = func(p, q int) int { return p*ldb + q }
	} else {
		ldb = k + ldExtra[(idx+1)%5]
		b = nanSlice(4 * ldb)
	}
	for p := 0; p < k; p++ {
		for q := 0; q < 4; q++ {
			b[bAt(p, q)] = rng.Float64()*2 - 1
		}
	}
	ldc := 4 + ldExtra[(idx+2)%5]
	c := nanSlice(m*ldc + guard)
	for r := 0; r < m; r++ {
		for q := 0; q < 4; q++ {
			c[r*ldc+q] = rng.Float64()*2 - 1
		}
	}
	var tm *[16]float64
	if idx%3 != 0 {
		tm = new([16]float64)
		for i := range tm {
			if idx%3 == 1 || i/4 <= i%4 { // a full or an upper-triangular T
				tm[i] = rng.Float64()*2 - 1
			}
		}
	}
	inPlace := idx%2 == 0
	run := func(f func(m, k int, a []float64, lda int, b []float64, ldb int, c []float64, ldc int, d []float64, ldd int, t *[16]float64)) []float64 {
		cc := append([]float64(nil), c...)
		d, ldd := cc, ldc
		if !inPlace {
			ldd = 4 + ldExtra[(idx+3)%5]
			d = nanSlice(m*ldd + guard)
		}
		f(m, k, a, lda, b, ldb, cc, ldc, d, ldd, tm)
		for i := m * ldd; i < len(d); i++ {
			require.True(t, math.IsNaN(d[i]), "nn=%v m=%d k=%d: D written %d past its last row", nn, m, k, i-m*ldd)
		}
		if !inPlace {
			for r := 0; r < m; r++ {
				for q := 0; q < ldd; q++ {
					if q >= 4 {
						require.True(t, math.IsNaN(d[r*ldd+q]), "gap of D written")
					}
				}
			}
			// Repack D at C's stride so the callers compare one layout.
			out := append([]float64(nil), c...)
			for r := 0; r < m; r++ {
				copy(out[r*ldc:r*ldc+4], d[r*ldd:r*ldd+4])
			}
			return out
		}
		return cc
	}
	exported, twin := PanelNT64, panelNT64Go
	if nn {
		exported, twin = PanelNN64, panelNN64Go
	}
	got, want := run(exported), run(twin)
	for r := 0; r < m; r++ {
		var s [4]float64
		for q := 0; q < 4; q++ {
			s[q] = c[r*ldc+q]
			for p := 0; p < k; p++ {
				s[q] -= a[r*lda+p] * b[bAt(p, q)]
			}
		}
		for q := 0; q < ldc; q++ {
			g, w := got[r*ldc+q], want[r*ldc+q]
			if q >= 4 {
				require.True(t, math.IsNaN(g), "nn=%v m=%d k=%d: gap [%d,%d] written", nn, m, k, r, q)
				continue
			}
			ref := s[q]
			if tm != nil {
				ref = s[0]*tm[q] + s[1]*tm[4+q] + s[2]*tm[8+q] + s[3]*tm[12+q]
			}
			tol := 8 * eps64 * float64(k+4) * 4
			require.InDelta(t, w, g, tol, "nn=%v m=%d k=%d t=%v: D[%d,%d] vs twin", nn, m, k, tm != nil, r, q)
			require.InDelta(t, ref, g, tol, "nn=%v m=%d k=%d t=%v: D[%d,%d] vs float64 loop", nn, m, k, tm != nil, r, q)
		}
	}
}

func TestPanel64DoesNotAllocate(t *testing.T) {
	a, b, c := make([]float64, 8*16), make([]float64, 16*4), make([]float64, 8*4)
	var tm [16]float64
	require.Zero(t, testing.AllocsPerRun(10, func() {
		PanelNT64(8, 16, a, 16, b, 16, c, 4, c, 4, &tm)
		PanelNN64(8, 16, a, 16, b, 4, c, 4, c, 4, nil)
	}))
}

// TestGer64MatchesTwin checks Ger64 on every path against its twin and a plain loop for m
// from 0 to 9 and n from 0 to 21 (every masked tail), with strided x and stride gaps in A
// (a finite sentinel, so that a stray store would change it) that must stay untouched.
func TestGer64MatchesTwin(t *testing.T) {
	forEachPath(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(63, 64))
		idx := 0
		for m := 0; m <= 9; m++ {
			for n := 0; n <= 21; n++ {
				idx++
				incx := 1 + idx%3
				lda := n + ldExtra[idx%5]
				alpha := []float64{-1, 0.5, 2}[idx%3]
				x := randSlice(rng, max(m*incx, 1))
				y := randSlice(rng, n+guard)
				a := make([]float64, max(m*lda, 1)+guard)
				const sentinel = 12345.5
				for i := range a {
					a[i] = sentinel
				}
				for i := 0; i < m; i++ {
					for j := 0; j < n; j++ {
						a[i*lda+j] = rng.Float64()*2 - 1
					}
				}
				got, want := append([]float64(nil), a...), append([]float64(nil), a...)
				Ger64(m, n, alpha, x, incx, y, got, lda)
				ger64Go(m, n, alpha, x, incx, y, want, lda)
				for i := range got {
					r, j := i/max(lda, 1), i%max(lda, 1)
					if r >= m || j >= n {
						require.Equal(t, sentinel, got[i], "m=%d n=%d: gap %d written", m, n, i)
						continue
					}
					ref := a[i] + alpha*x[r*incx]*y[j]
					require.InDelta(t, want[i], got[i], 4*eps64*(1+math.Abs(ref)), "m=%d n=%d A[%d,%d] vs twin", m, n, r, j)
					require.InDelta(t, ref, got[i], 4*eps64*(1+math.Abs(ref)), "m=%d n=%d A[%d,%d] vs loop", m, n, r, j)
				}
			}
		}
	})
}
