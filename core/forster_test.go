package core

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestForsterTransformMakesInputsIsotropic(t *testing.T) {
	n, m := 32, 16
	rng := rand.New(rand.NewPCG(5, 6))
	x := make([]float32, n*m)
	for i := 0; i < n; i++ {
		for j := 0; j < m; j++ { // anisotropic, correlated features
			x[i*m+j] = float32(rng.NormFloat64() * float64(j+1))
			if j > 0 {
				x[i*m+j] += 0.5 * x[i*m+j-1]
			}
		}
	}
	f, err := ForsterTransform(x, n, m, 1e-10, 200)
	require.NoError(t, err)
	t.Logf("converged in %d iterations, dev %.2g", f.Iter, f.Dev)
	assert.LessOrEqual(t, f.Dev, 1e-10)

	z := make([]float32, n*m)
	f.Apply(z, x, n)
	var worst float64
	for a := 0; a < m; a++ {
		for b := 0; b < m; b++ {
			var s float64
			for r := 0; r < n; r++ {
				s += float64(z[r*m+a]) * float64(z[r*m+b])
			}
			want := 0.0
			if a == b {
				want = float64(n) / float64(m)
			}
			worst = math.Max(worst, math.Abs(s-want))
		}
	}
	// the fitted rule applied in float32 reproduces ZᵀZ = (N/M)I to float32 accuracy
	assert.Less(t, worst, 1e-5)
	for r := 0; r < n; r++ {
		var nrm float64
		for j := 0; j < m; j++ {
			nrm += float64(z[r*m+j]) * float64(z[r*m+j])
		}
		assert.InDelta(t, 1, nrm, 1e-6)
	}

	_, err = ForsterTransform(x, m-1, m, 1e-10, 10)
	assert.ErrorIs(t, err, ErrForster)
}
