package simd

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestTrsmRowsMatchTheirTwins runs both row solves on random rows, triangles and 4×4
// blocks for row counts around the kernels' groups of eight and orders up to 40, on each
// path: the kernels agree with the Go twins to rounding (the kernels fuse multiply and add),
// and elements outside the rows and columns solved are not written.
func TestTrsmRowsMatchTheirTwins(t *testing.T) {
	for _, path := range Available() {
		t.Run(fmt.Sprintf("impl=%s", path), func(t *testing.T) {
			require.NoError(t, Force(path))
			defer func() { _ = Force("auto") }()
			rng := rand.New(rand.NewPCG(7, 8))
			for _, m := range []int{0, 1, 7, 8, 9, 16, 17, 33} {
				for n := 0; n <= 40; n += 4 {
					ldx, ldm := n+3, n+1
					x := make([]float64, max(0, m*ldx))
					for i := range x {
						x[i] = rng.NormFloat64()
					}
					mt := make([]float64, max(0, n*ldm))
					for i := range mt {
						mt[i] = 0.3 * rng.NormFloat64()
					}
					tt := make([]float64, max(16, 8*n+16))
					for i := range tt {
						tt[i] = 0.5 * rng.NormFloat64()
					}
					for _, fwd := range []bool{true, false} {
						got, want := append([]float64(nil), x...), append([]float64(nil), x...)
						if fwd {
							TrsmRowsFwd64(m, n, got, ldx, mt, ldm, tt)
							if m > 0 && n > 0 {
								trsmRowsFwd64Go(m, n, want, ldx, mt, ldm, tt)
							}
						} else {
							TrsmRowsBwd64(m, n, got, ldx, mt, ldm, tt)
							if m > 0 && n > 0 {
								trsmRowsBwd64Go(m, n, want, ldx, mt, ldm, tt)
							}
						}
						for i := range want {
							if i%ldx >= n {
								require.Equal(t, x[i], got[i], "m=%d n=%d fwd=%v gap %d written", m, n, fwd, i)
								continue
							}
							require.InDelta(t, want[i], got[i], 1e-12*(1+math.Abs(want[i])), "m=%d n=%d fwd=%v element %d", m, n, fwd, i)
						}
					}
				}
			}
		})
	}
}
