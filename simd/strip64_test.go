package simd

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
)

// Strip6x8 adds alpha·A·B to the 6×8 block of C on every path, for row- and column-strided
// A, and leaves the rest of C alone.
func TestStrip6x8MatchesGeneric(t *testing.T) {
	forEachPath(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(3, 4))
		for _, k := range []int{0, 1, 2, 5, 8, 33, 130} {
			for _, trans := range []bool{false, true} {
				ars, aps := k+3, 1
				if trans {
					ars, aps = 1, 9
				}
				a := randSlice(rng, 5*ars+max(k-1, 0)*aps+1)
				b := randSlice(rng, 8*k)
				ldc := 11
				c := randSlice(rng, 6*ldc)
				want := append([]float64(nil), c...)
				alpha := rng.Float64()*2 - 1
				for r := 0; r < 6; r++ {
					for j := 0; j < 8; j++ {
						var s float64
						for p := 0; p < k; p++ {
							s += a[r*ars+p*aps] * b[p*8+j]
						}
						want[r*ldc+j] += alpha * s
					}
				}
				Strip6x8(k, alpha, a, ars, aps, b, c, ldc)
				for i := range c {
					if i%ldc >= 8 {
						assert.Equal(t, want[i], c[i], "k=%d: outside the block written at %d", k, i)
						continue
					}
					assert.InDelta(t, want[i], c[i], float64(k+4)*eps64*float64(k+1)*4*math.Max(1, math.Abs(alpha)), "k=%d element %d", k, i)
				}
			}
		}
	})
}

// Mul6x8 multiplies the block by T in place on every path, for row- and column-strided T.
func TestMul6x8MatchesGeneric(t *testing.T) {
	forEachPath(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(5, 6))
		for _, st := range [][2]int{{6, 1}, {1, 6}, {9, 2}} {
			tm := randSlice(rng, 5*st[0]+5*st[1]+1)
			x := randSlice(rng, 48+guard)
			want := append([]float64(nil), x...)
			mul6x8Go(tm, st[0], st[1], want)
			Mul6x8(tm, st[0], st[1], x)
			for i := range x {
				if i >= 48 {
					assert.Equal(t, want[i], x[i], "guard %d written", i)
					continue
				}
				assert.InDelta(t, want[i], x[i], 64*eps64, "strides %v element %d", st, i)
			}
		}
	})
}

// Strip6x8T forms C + alpha·A·B and multiplies it by T on every path, for row- and
// column-strided A, B packed or read with a row stride, k = 0 included (T alone), T block
// upper and block lower triangular with NaN in its zero block (not read), and leaves the
// rest of C alone.
func TestStrip6x8TMatchesGeneric(t *testing.T) {
	forEachPath(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(7, 8))
		for _, k := range []int{0, 1, 2, 5, 8, 33, 130} {
			for i, trans := range []bool{false, true, false} {
				ars, aps := k+3, 1
				if trans {
					ars, aps = 1, 9
				}
				brs := 8 + 5*(i/2)
				lower := (i+k)%2 == 1
				a := randSlice(rng, 5*ars+max(k-1, 0)*aps+1)
				b := randSlice(rng, brs*k)
				tm := randSlice(rng, 64)
				zero := func(q, j int) bool { return (!lower && q >= 4 && j < 4) || (lower && q < 4 && j >= 4) }
				for q := 0; q < 8; q++ {
					for j := 0; j < 8; j++ {
						if zero(q, j) {
							tm[q*8+j] = math.NaN()
						}
					}
				}
				ldc := 11
				c := randSlice(rng, 6*ldc)
				alpha := rng.Float64()*2 - 1
				want := append([]float64(nil), c...)
				bound := make([]float64, len(c))
				for r := 0; r < 6; r++ {
					var s, sa [8]float64
					for q := range s {
						var p0, pa float64
						for p := 0; p < k; p++ {
							p0 += a[r*ars+p*aps] * b[p*brs+q]
							pa += math.Abs(a[r*ars+p*aps] * b[p*brs+q])
						}
						s[q] = c[r*ldc+q] + alpha*p0
						sa[q] = math.Abs(c[r*ldc+q]) + math.Abs(alpha)*pa
					}
					for j := 0; j < 8; j++ {
						var d, da float64
						for q := range s {
							if zero(q, j) {
								continue
							}
							d += s[q] * tm[q*8+j]
							da += sa[q] * math.Abs(tm[q*8+j])
						}
						want[r*ldc+j], bound[r*ldc+j] = d, da
					}
				}
				twin := append([]float64(nil), c...)
				strip6x8TGo(k, alpha, a, ars, aps, b, brs, twin, ldc, tm, lower)
				Strip6x8T(1, k, alpha, a, ars, aps, b, brs, c, ldc, tm, lower)
				for i := range c {
					if i%ldc >= 8 {
						assert.Equal(t, want[i], c[i], "k=%d: outside the block written at %d", k, i)
						continue
					}
					tol := float64(k+12) * eps64 * bound[i]
					assert.InDelta(t, want[i], c[i], tol, "k=%d brs=%d element %d", k, brs, i)
					assert.InDelta(t, want[i], twin[i], tol, "twin, k=%d brs=%d element %d", k, brs, i)
				}
			}
		}
	})
}

// Strip6x8T over g blocks of six rows is the one-block specification on each block, for
// row- and column-strided A, and leaves the rest of C (the stride gaps) alone.
func TestStrip6x8TBlocksAreOneBlockEach(t *testing.T) {
	forEachPath(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(9, 10))
		for _, g := range []int{0, 1, 2, 5} {
			for _, trans := range []bool{false, true} {
				k, brs, ldc := 37, 11, 13
				ars, aps := k+2, 1
				if trans {
					ars, aps = 1, 6*g+3
				}
				a := randSlice(rng, max(6*g-1, 0)*ars+(k-1)*aps+1)
				b := randSlice(rng, (k-1)*brs+8)
				tm := randSlice(rng, 64)
				c := randSlice(rng, max(6*g, 1)*ldc)
				want := append([]float64(nil), c...)
				for q := 0; q < g; q++ {
					strip6x8TGo(k, -1, a[6*q*ars:], ars, aps, b, brs, want[6*q*ldc:], ldc, tm, trans)
				}
				Strip6x8T(g, k, -1, a, ars, aps, b, brs, c, ldc, tm, trans)
				for i := range c {
					if i%ldc >= 8 || g == 0 {
						assert.Equal(t, want[i], c[i], "g=%d: outside the blocks written at %d", g, i)
						continue
					}
					assert.InDelta(t, want[i], c[i], 1e-12*(1+math.Abs(want[i])), "g=%d element %d", g, i)
				}
			}
		}
	})
}
