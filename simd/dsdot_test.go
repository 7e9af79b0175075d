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
