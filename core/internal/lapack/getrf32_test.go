package lapack

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/edgetrain/edgetrain/simd"
)

// Sgetrf factors like its unblocked reference (same pivots, factors equal to float32
// rounding), and its factors solve the float64 system to float32 accuracy, for orders
// around the recursion's leaves, on every kernel path.
func TestSgetrfMatchesUnblockedAndSolves(t *testing.T) {
	defer func() { _ = simd.Force("auto") }()
	for _, p := range simd.Available() {
		require.NoError(t, simd.Force(p))
		for _, n := range []int{1, 5, 16, 17, 40, 100, 257} {
			t.Run(fmt.Sprintf("%s/n=%d", p, n), func(t *testing.T) {
				rng := rand.New(rand.NewPCG(5, uint64(n)))
				lda := n + 3
				a := randomGeneral(rng, n, lda, 0)
				a32 := make([]float32, len(a))
				for i, v := range a {
					a32[i] = float32(v)
				}
				ref := append([]float32(nil), a32...)
				piv, pivRef := make([]float64, n), make([]float64, n)
				require.True(t, Sgetrf(n, a32, lda, piv))
				require.True(t, sgetrfPanel(n, 0, n, ref, lda, pivRef))
				assert.Equal(t, pivRef, piv, "pivots")
				var diff, size float64
				for i := 0; i < n; i++ {
					for j := 0; j < n; j++ {
						diff = max(diff, math.Abs(float64(a32[i*lda+j]-ref[i*lda+j])))
						size = max(size, math.Abs(float64(ref[i*lda+j])))
					}
				}
				assert.Less(t, diff, 1e-4*size, "factors against the unblocked ones")
				// the float64 solve with the float32 factors
				f := make([]float64, len(a))
				for i, v := range a32 {
					f[i] = float64(v)
				}
				x := make([]float64, n)
				b := make([]float64, n)
				for i := range x {
					x[i] = rng.NormFloat64()
				}
				for i := 0; i < n; i++ {
					for j := 0; j < n; j++ {
						b[i] += a[i*lda+j] * x[j]
					}
				}
				Dgetrs(n, f, lda, piv, b)
				assert.Less(t, relDiff(b, x), 1e-3, "solution")
				assert.Greater(t, relDiff(b, x), 0.0, "float32 rounding must show")
			})
		}
	}
}

func relDiff(got, want []float64) float64 {
	var num, den float64
	for i := range got {
		num += (got[i] - want[i]) * (got[i] - want[i])
		den += want[i] * want[i]
	}
	return math.Sqrt(num / den)
}

// BenchmarkSgetrf: 2n³/3 flops.
func BenchmarkSgetrf(b *testing.B) {
	for _, n := range []int{256, 1280} {
		a := randomGeneral(rand.New(rand.NewPCG(3, uint64(n))), n, n, 0)
		a32, l := make([]float32, len(a)), make([]float32, len(a))
		for i, v := range a {
			a32[i] = float32(v)
		}
		piv := make([]float64, n)
		benchPaths(b, fmt.Sprintf("n=%d", n), 2*cubeOf(n)/3, func() {
			copy(l, a32)
			if !Sgetrf(n, l, n, piv) {
				b.Fatal("singular")
			}
		})
	}
}
