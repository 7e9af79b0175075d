package simd

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
)

// ResidualRows64 equals its twin on every path: the residuals it writes, the largest
// ratio, the bound and the pass flag, for row counts on and off the four-row blocks, rows
// whose residual is zero, rows on either side of the tolerance and a non-finite row.
func TestResidualRows64MatchesGeneric(t *testing.T) {
	forEachPath(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(51, 52))
		vec := func(n int, scale float64) []float64 {
			x := make([]float64, n+1)
			for i := range x {
				x[i] = scale * rng.NormFloat64()
			}
			return x
		}
		for _, n := range vecLens()[:72] {
			for trial := 0; trial < 6; trial++ {
				b, v, wp, wc, wn := vec(n, 1), vec(n, 1), vec(n, 1), vec(n, 1), vec(n, 1)
				vp, vn, gp, gc, gn := vec(n, 1), vec(n, 1), vec(n, 1), vec(n, 1), vec(n, 1)
				for i := range gp {
					gp[i], gc[i], gn[i] = math.Abs(gp[i]), math.Abs(gc[i]), math.Abs(gn[i])
				}
				sh := 1e-3 * rng.Float64()
				// make most rows nearly solved, so that q ranges around tol
				for r := 0; r < n; r++ {
					s := sh*v[r] + wp[r] + wc[r] + wn[r]
					b[r] = s + math.Pow(10, -16+8*rng.Float64())*rng.NormFloat64()
					if r%7 == 3 {
						b[r], v[r], wp[r], wc[r], wn[r] = 0, 0, 0, 0, 0 // x = 0
					}
				}
				if trial == 5 && n > 0 {
					v[rng.IntN(n)] = math.NaN()
				}
				tol := math.Pow(10, -14+4*rng.Float64())
				e := vec(n, 1)
				e[n] = math.NaN()
				want := append([]float64(nil), e...)
				gw, gb, gp2 := ResidualRows64(n, sh, tol, b, v, wp, wc, wn, vp, vn, gp, gc, gn, e[:n])
				ww, wb, wp2 := residualRows64Go(n, sh, tol, b, v, wp, wc, wn, vp, vn, gp, gc, gn, want[:n])
				assert.Equal(t, wp2, gp2, "n=%d trial %d pass", n, trial)
				assert.Equal(t, math.IsInf(ww, 1), math.IsInf(gw, 1), "n=%d trial %d worst %v %v", n, trial, ww, gw)
				if !math.IsInf(ww, 1) {
					assert.InDelta(t, ww, gw, 1e-14*ww, "n=%d trial %d worst", n, trial)
					if wp2 {
						assert.InDelta(t, wb, gb, 1e-14*wb, "n=%d trial %d bound", n, trial)
					}
				}
				for i := 0; i < n; i++ {
					if !math.IsNaN(want[i]) {
						assert.InDelta(t, want[i], e[i], 1e-15*(1+math.Abs(want[i])), "n=%d residual %d", n, i)
					}
				}
				assert.True(t, math.IsNaN(e[n]), "n=%d: written past the rows", n)
			}
		}
	})
}
