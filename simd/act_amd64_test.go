//go:build !purego && !noasm

package simd

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestTanhSigmoidAVX512AreTheAVX2Kernel checks that the AVX-512 tanh (zmm) and sigmoid
// (constants in Y16 and up, VSCALEFPS) give bit for bit what the AVX2 kernel gives, with bias, derivative and a masked tail,
// on the edge inputs (zeros, subnormals, switch points, clamps, infinities, NaN) and
// random ones.
func TestTanhSigmoidAVX512AreTheAVX2Kernel(t *testing.T) {
	if !cpuAVX512 {
		t.Skip("no AVX-512VL")
	}
	rng := rand.New(rand.NewPCG(47, 48))
	pool := append(actEdgeInputs(), actInputs(rng, 200, 0).s()...)
	pool = append(pool, float32(math.NaN()))
	for _, act := range []Activation{Tanh, Sigmoid} {
		for _, cols := range []int{5, 8, 16, 21, 24, 64, 95} {
			rows := 3
			n := rows * cols
			src := make([]float32, n)
			for i := range src {
				src[i] = pool[(i*7+cols)%len(pool)]
			}
			b := actInputs(rng, cols, 0).s()
			u1, u2 := append([]float32(nil), src...), append([]float32(nil), src...)
			h1, h2 := make([]float32, n), make([]float32, n)
			d1, d2 := make([]float32, n), make([]float32, n)
			biasActAVX2(int(act), rows, cols, cols, 0.7, &b[0], &u1[0], &h1[0], &d1[0], maskFor(cols%8))
			if act == Tanh {
				biasTanhAVX512(rows, cols, cols, 0.7, &b[0], &u2[0], &h2[0], &d2[0])
			} else {
				biasSigmoidAVX512(rows, cols, cols, 0.7, &b[0], &u2[0], &h2[0], &d2[0], maskFor(cols%8))
			}
			for i := 0; i < n; i++ {
				if math.Float32bits(u1[i]) != math.Float32bits(u2[i]) || math.Float32bits(h1[i]) != math.Float32bits(h2[i]) ||
					math.Float32bits(d1[i]) != math.Float32bits(d2[i]) {
					t.Fatalf("%v cols=%d element %d: AVX2 (%v, %v, %v), AVX-512 (%v, %v, %v)", act, cols, i, u1[i], h1[i], d1[i], u2[i], h2[i], d2[i])
				}
			}
		}
	}
}
