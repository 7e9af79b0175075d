package simd

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestDsdotMatchesGeneric(t *testing.T) {
	forEachPath(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(61, 62))
		for idx, n := range vecLens() {
			off := idx % 8
			// guard values past the end of x must not be read
			x := make([]float32, off+n+3)
			y := make([]float32, off+n+3)
			for i := range x {
				x[i] = float32(rng.NormFloat64())
				y[i] = float32(rng.NormFloat64())
			}
			for i := off + n; i < len(x); i++ {
				x[i], y[i] = float32(math.NaN()), float32(math.NaN())
			}
			xs, ys := x[off:off+n], y[off:off+n+idx%3]
			got := Dsdot(xs, ys)
			want := dsdotGeneric(xs, ys[:n])
			var bound float64
			for i, v := range xs {
				bound += math.Abs(float64(v) * float64(ys[i]))
			}
			if math.Abs(got-want) > float64(n+4)*0x1p-52*bound {
				t.Fatalf("n=%d off=%d: Dsdot = %v, want %v", n, off, got, want)
			}
		}
		x := make([]float32, 100)
		assert.Zero(t, testing.AllocsPerRun(20, func() { _ = Dsdot(x, x) }))
	})
}

// TestDsdotSquaredNormIsFiniteExactlyWhenTheVectorIs checks the property the trainer's
// finiteness tests rely on: ‖x‖² in float64 stays finite for the largest float32 values and
// becomes Inf or NaN when any element is ±Inf or NaN, wherever it sits.
func TestDsdotSquaredNormIsFiniteExactlyWhenTheVectorIs(t *testing.T) {
	forEachPath(t, func(t *testing.T) {
		for _, n := range []int{1, 3, 4, 7, 16, 19, 64, 67} {
			x := make([]float32, n)
			for i := range x {
				x[i] = math.MaxFloat32
			}
			s := Dsdot(x, x)
			assert.False(t, math.IsInf(s, 0) || math.IsNaN(s), "n=%d all MaxFloat32", n)
			for _, bad := range []float32{float32(math.Inf(1)), float32(math.Inf(-1)), float32(math.NaN())} {
				for at := 0; at < n; at++ {
					x[at] = bad
					s := Dsdot(x, x)
					assert.True(t, math.IsInf(s, 0) || math.IsNaN(s), "n=%d %v at %d", n, bad, at)
					x[at] = 1
				}
			}
		}
	})
}

func TestSumSqRowsMatchesGeneric(t *testing.T) {
	forEachPath(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(63, 64))
		for _, n := range []int{0, 1, 2, 3, 7, 32} {
			for k := 0; k <= 37; k++ {
				lda := max(k, 1) + (n+k)%3
				a := make([]float32, n*lda+2)
				for i := range a {
					a[i] = float32(rng.NormFloat64())
				}
				for i := 0; i < n; i++ {
					for j := k; j < lda; j++ {
						a[i*lda+j] = float32(math.NaN()) // padding between rows is not read
					}
				}
				got := make([]float64, n+1)
				got[n] = -1
				want := make([]float64, n)
				SumSqRows(n, k, a, lda, got)
				sumSqRowsGeneric(n, k, a, lda, want)
				for i := 0; i < n; i++ {
					assert.InDelta(t, want[i], got[i], float64(k+4)*0x1p-52*want[i], "n=%d k=%d row %d", n, k, i)
				}
				assert.Equal(t, -1.0, got[n], "n=%d k=%d: wrote past n rows", n, k)
			}
		}
		a, dst := make([]float32, 64), make([]float64, 8)
		assert.Zero(t, testing.AllocsPerRun(20, func() { SumSqRows(8, 8, a, 8, dst) }))
	})
}
