package stepbench

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/edgetrain/edgetrain/core"
	"github.com/edgetrain/edgetrain/simd"
)

func TestConfigsAreTheReferenceThree(t *testing.T) {
	var names []string
	for _, c := range Configs() {
		names = append(names, c.Name())
	}
	assert.Equal(t, []string{"in8-h32x2-out1-b32", "in16-h64x2-out4-b64", "in64-h256x2-out10-b128"}, names)
}

func TestProblemIsSeededAndShaped(t *testing.T) {
	for _, c := range Configs() {
		p, q := c.Problem(), c.Problem()
		assert.Len(t, p.X, c.Batch*c.Inputs, c.Name())
		assert.Len(t, p.Y, c.Batch*c.Outputs, c.Name())
		assert.Equal(t, p.X, q.X, c.Name())
		assert.Equal(t, p.Y, q.Y, c.Name())
		assert.Equal(t, p.Net.Params, q.Net.Params, c.Name())
		assert.Equal(t, []int{c.Inputs, c.Hidden, c.Hidden, c.Outputs}, p.Net.Spec.Widths)
		assert.NotZero(t, p.X[0])
	}
}

// TestEveryMethodStepsWithoutAllocating runs what the benchmarks measure, on the smallest
// configuration: each method's trainer builds and steps, with no heap allocation.
func TestEveryMethodStepsWithoutAllocating(t *testing.T) {
	c := Configs()[0]
	for _, m := range core.Methods() {
		p := c.Problem()
		tr, err := p.Trainer(m)
		require.NoError(t, err, m.String())
		require.NoError(t, p.Step(tr), m.String())
		allocs := testing.AllocsPerRun(3, func() {
			if err := p.Step(tr); err != nil {
				t.Fatal(m, err)
			}
		})
		assert.Zero(t, allocs, m.String())
	}
}

// The two larger configurations reach what the smallest does not: the mixed-precision dual
// solves (N·C ≥ 384), tridiag's float32 factorizations and row solves (m ≥ 512), K-FAC's
// one-pass factor-and-solve (lapack.DposvBlocks) and its dual sides. There too every method
// steps without allocating, on every kernel path of this machine (the largest configuration
// on the vector paths only: its generic steps take seconds), with core.Defaults' line
// search, on the benchmarks' repeated batch (whose steps reuse their closing forward pass)
// and on two alternating batches.
func TestEveryMethodStepsWithoutAllocatingAtTheLargerConfigurations(t *testing.T) {
	if testing.Short() {
		t.Skip("seconds of steps at the larger configurations; -short keeps the smallest")
	}
	defer func() { require.NoError(t, simd.Force("auto")) }()
	for i, c := range Configs()[1:] {
		largest := i == 1
		for _, path := range simd.Available() {
			if largest && path == simd.PathGeneric {
				continue
			}
			require.NoError(t, simd.Force(path))
			for _, m := range core.Methods() {
				p := c.Problem()
				// the other batch: the same rows, each moved up by one
				in, out := c.Inputs, c.Outputs
				x2 := append(append([]float32(nil), p.X[in:]...), p.X[:in]...)
				y2 := append(append([]float32(nil), p.Y[out:]...), p.Y[:out]...)
				tr, err := p.Trainer(m)
				require.NoError(t, err, "%s %s %s", c.Name(), path, m)
				require.NoError(t, p.Step(tr), "%s %s %s", c.Name(), path, m)
				step := func(x, y []float32) {
					if _, err := tr.Step(x, y, c.Batch); err != nil {
						t.Fatal(c.Name(), path, m, err)
					}
				}
				repeated := testing.AllocsPerRun(2, func() { step(p.X, p.Y) })
				alternating := testing.AllocsPerRun(2, func() {
					step(x2, y2)
					step(p.X, p.Y)
				})
				assert.Zero(t, repeated, "%s %s %s: repeated batch", c.Name(), path, m)
				assert.Zero(t, alternating, "%s %s %s: alternating batches", c.Name(), path, m)
			}
		}
	}
}

// TestFlopsModelCountsTheDenseSolves checks the model against hand counts at the
// smallest configuration (N = 32, widths 8-32-32-1, m = 32) and its ordering at the
// largest, where the dense tri-diagonal LU dominates.
func TestFlopsModelCountsTheDenseSolves(t *testing.T) {
	c := Configs()[0]
	fwd := 2.0 * 32 * (8*32 + 32*32 + 32*1)
	params := 32.0*9 + 32*33 + 1*33
	assert.Equal(t, 3*fwd+4*params, Flops(core.SGD, c))
	grams := 32.0*32*(9+33+33) + 32*32*(32+32+1)
	ngd := fwd*(1+1+2+1) + 2*params // forward, C = 1 backward pass, Jᵀv, check forward
	assert.InDelta(t, ngd+grams+32.0*32*32/3+2*32*32, Flops(core.Exact, c), 1e-6)
	assert.InDelta(t, ngd+grams+2*96.0*96*96/3+2*96*96, Flops(core.TriDiag, c), 1e-6)
	big := Configs()[2]
	for _, m := range core.Methods() {
		assert.Positive(t, Flops(m, big), m.String())
		assert.Less(t, Flops(m, c), Flops(m, big), m.String())
	}
	assert.Greater(t, Flops(core.TriDiag, big), Flops(core.BlockDiag, big))
	assert.Greater(t, Flops(core.BlockDiag, big), Flops(core.Exact, big))
	assert.Greater(t, Flops(core.Exact, big), Flops(core.SGD, big))
}
