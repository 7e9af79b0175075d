package lapack

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// to32 rounds a (n×n, stride ld) to float32, keeping the NaN padding.
func to32(a []float64) []float32 {
	f := make([]float32, len(a))
	for i, v := range a {
		f[i] = float32(v)
	}
	return f
}

// TestSpotrfMatchesCrout: the recursive float32 factor agrees with the unblocked Crout
// loop (float64 sums) to float32 rounding of well-conditioned factors, and leaves the
// strict upper triangle and the stride gaps alone.
func TestSpotrfMatchesCrout(t *testing.T) {
	forEachSimdPath(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(91, 92))
		for _, n := range append(potrfSizes(), 517) {
			ld := n + n%3
			a := to32(randomSPD(rng, n, ld, 0.5))
			got, want := append([]float32(nil), a...), append([]float32(nil), a...)
			require.True(t, Spotrf(n, got, ld), "n=%d", n)
			require.True(t, spotrfCrout(n, want, ld), "n=%d", n)
			var worst float64
			for i := 0; i < n; i++ {
				for j := 0; j < ld; j++ {
					g, w := float64(got[i*ld+j]), float64(want[i*ld+j])
					if j > i {
						if !(g == w || math.IsNaN(g) && math.IsNaN(w)) {
							t.Fatalf("n=%d: element (%d,%d) above the diagonal changed", n, i, j)
						}
						continue
					}
					worst = max(worst, math.Abs(g-w))
				}
			}
			// |L| ≤ ~2 here; float32 rounding grows like √n.
			assert.Less(t, worst, 2e-6*math.Sqrt(float64(n)), "n=%d", n)
		}
	})
}

// TestSpotrfWorkEqualsSpotrf: keeping the diagonal blocks' inverses in work changes only
// where they come from, not the factor: the same bits as Spotrf, at every size (stride
// gaps included) and on every path.
func TestSpotrfWorkEqualsSpotrf(t *testing.T) {
	forEachSimdPath(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(95, 96))
		for _, n := range append(potrfSizes(), 100, 517) {
			ld := n + n%3
			a := to32(randomSPD(rng, n, ld, 0.5))
			got, want := append([]float32(nil), a...), append([]float32(nil), a...)
			work := make([]float32, SpotrfWorkLen(n))
			require.True(t, SpotrfWork(n, got, ld, work), "n=%d", n)
			require.True(t, Spotrf(n, want, ld), "n=%d", n)
			for i := range got {
				if math.Float32bits(got[i]) != math.Float32bits(want[i]) {
					t.Fatalf("n=%d: element %d: %g, Spotrf %g", n, i, got[i], want[i])
				}
			}
		}
	})
}

func TestSpotrfRejectsIndefiniteMatrices(t *testing.T) {
	rng := rand.New(rand.NewPCG(93, 94))
	for _, n := range []int{5, 40, 300} {
		a := to32(randomSPD(rng, n, n, 0))
		a[(n-1)*n+n-1] = -1 // the last pivot goes negative
		assert.False(t, Spotrf(n, a, n), "n=%d", n)
	}
}

// TestSpotrsMatchesGeneric: the blocked substitutions agree with the element loops to
// float32 rounding of a well-conditioned factor.
func TestSpotrsMatchesGeneric(t *testing.T) {
	forEachSimdPath(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(95, 96))
		for _, n := range potrfSizes() {
			ld := n + 3
			a := to32(randomSPD(rng, n, ld, 1))
			require.True(t, Spotrf(n, a, ld))
			b := make([]float32, n)
			for i := range b {
				b[i] = float32(rng.NormFloat64())
			}
			got, want := append([]float32(nil), b...), append([]float32(nil), b...)
			Spotrs(n, a, ld, got)
			spotrsGeneric(n, a, ld, want)
			var worst, xmax float64
			for i := range got {
				worst = max(worst, math.Abs(float64(got[i]-want[i])))
				xmax = max(xmax, math.Abs(float64(want[i])))
			}
			assert.Less(t, worst, 1e-5*xmax, "n=%d", n)
		}
	})
}

func TestSpotrfDoesNotAllocate(t *testing.T) {
	rng := rand.New(rand.NewPCG(97, 98))
	const n = 200
	a := to32(randomSPD(rng, n, n, 1))
	l := make([]float32, len(a))
	b := make([]float32, n)
	assert.Zero(t, testing.AllocsPerRun(3, func() {
		copy(l, a)
		Spotrf(n, l, n)
		Spotrs(n, l, n, b)
	}))
}

// BenchmarkSpotrf: n³/3 flops, against BenchmarkDpotrf.
func BenchmarkSpotrf(b *testing.B) {
	for _, n := range []int{256, 1280} {
		a := to32(randomSPD(rand.New(rand.NewPCG(1, uint64(n))), n, n, 0.05))
		l := make([]float32, len(a))
		benchPaths(b, fmt.Sprintf("n=%d", n), cubeOf(n)/3, func() {
			copy(l, a)
			if !Spotrf(n, l, n) {
				b.Fatal("not positive definite")
			}
		})
	}
}
