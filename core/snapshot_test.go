package core

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/edgetrain/edgetrain/simd"
	"github.com/edgetrain/edgetrain/tinynet"
)

// snapshotCases are trainers whose state goes beyond the weights: momentum, Adam's moments,
// K-FAC's averaged factors refreshed every few steps, LM damping.
func snapshotCases() []struct {
	name string
	cfg  Config
} {
	var cases []struct {
		name string
		cfg  Config
	}
	for _, m := range Methods() {
		cfg := Defaults(m, tinynet.MSE)
		if m == SGD {
			cfg.Momentum = 0.9
		}
		cases = append(cases, struct {
			name string
			cfg  Config
		}{m.String(), cfg})
	}
	kf := Defaults(KFAC, tinynet.MSE)
	kf.KFACDecay, kf.KFACRefresh, kf.DampingPolicy = 0.9, 3, DampingLM
	lm := Defaults(Exact, tinynet.MSE)
	lm.DampingPolicy = DampingLM
	return append(cases, struct {
		name string
		cfg  Config
	}{"kfac-averaged-lm", kf}, struct {
		name string
		cfg  Config
	}{"exact-lm", lm})
}

// run takes k steps on alternating halves of the batch and returns the parameters after
// each step, so that state carried between steps shows in the result.
func runSteps(t *testing.T, tr *Trainer, x, y []float32, in, k int) [][]float32 {
	var out [][]float32
	h := 4
	for i := 0; i < k; i++ {
		o := (i % 2) * h
		_, err := tr.Step(x[o*in:], y[o:], h)
		require.NoError(t, err)
		out = append(out, append([]float32(nil), tr.Net().Params...))
	}
	return out
}

func TestRestoreRewindsTheTrainerExactly(t *testing.T) {
	for _, c := range snapshotCases() {
		t.Run(c.name, func(t *testing.T) {
			net, x, y := tinyProblem([]int{3, 6, 5, 1}, simd.Tanh, 8, tinynet.MSE, 4)
			tr, err := New(net, 4, c.cfg)
			require.NoError(t, err)
			snap := tr.NewSnapshot()
			require.False(t, snap.Taken())
			runSteps(t, tr, x, y, 3, 3)
			tr.Snapshot(snap)
			steps, rho := tr.Steps(), tr.Damping()
			first := runSteps(t, tr, x, y, 3, 5)
			tr.Restore(snap)
			assert.Equal(t, steps, tr.Steps())
			assert.Equal(t, rho, tr.Damping())
			again := runSteps(t, tr, x, y, 3, 5)
			assert.Equal(t, first, again, "after Restore the trainer repeats the same steps bit for bit")
		})
	}
}

func TestSnapshotHoldsTheOptimizerStateNotOnlyTheWeights(t *testing.T) {
	// Restoring the weights alone is not enough for a method with state: the continuation
	// from a fresh trainer with the same weights differs. (This is what makes the test above
	// able to fail.)
	for _, c := range snapshotCases() {
		if c.name != "sgd" && c.name != "adam" && c.name != "kfac-averaged-lm" {
			continue
		}
		t.Run(c.name, func(t *testing.T) {
			net, x, y := tinyProblem([]int{3, 6, 5, 1}, simd.Tanh, 8, tinynet.MSE, 4)
			tr, err := New(net, 4, c.cfg)
			require.NoError(t, err)
			runSteps(t, tr, x, y, 3, 3)
			snap := tr.NewSnapshot()
			tr.Snapshot(snap)
			first := runSteps(t, tr, x, y, 3, 3)

			net2 := tinynet.New(net.Spec)
			copy(net2.Params, snap.params)
			fresh, err := New(net2, 4, c.cfg)
			require.NoError(t, err)
			assert.NotEqual(t, first, runSteps(t, fresh, x, y, 3, 3))
		})
	}
}

func TestStepWithSnapshotAndRestoreAllocatesNothing(t *testing.T) {
	for _, c := range snapshotCases() {
		for _, loss := range []tinynet.Loss{tinynet.MSE, tinynet.SoftmaxCE} {
			t.Run(fmt.Sprintf("%s/%v", c.name, loss), func(t *testing.T) {
				C := 1
				if loss == tinynet.SoftmaxCE {
					C = 3
				}
				net, x, y := tinyProblem([]int{3, 6, 5, C}, simd.Tanh, 8, loss, 5)
				cfg := c.cfg
				cfg.Loss = loss
				tr, err := New(net, 8, cfg)
				require.NoError(t, err)
				snap := tr.NewSnapshot()
				i := 0
				allocs := testing.AllocsPerRun(50, func() {
					if _, err := tr.Step(x, y, 8); err != nil {
						t.Fatal(err)
					}
					tr.Snapshot(snap)
					if i++; i%3 == 0 {
						tr.Restore(snap)
					}
				})
				assert.Zero(t, allocs)
			})
		}
	}
}

func TestSnapshotMisuseIsAProgrammingError(t *testing.T) {
	net, _, _ := tinyProblem([]int{3, 4, 1}, simd.Tanh, 4, tinynet.MSE, 1)
	adam, err := New(net, 4, Defaults(Adam, tinynet.MSE))
	require.NoError(t, err)
	exact, err := New(net, 4, Defaults(Exact, tinynet.MSE))
	require.NoError(t, err)
	assert.PanicsWithValue(t, "core: Restore from an empty snapshot", func() { adam.Restore(adam.NewSnapshot()) })
	assert.PanicsWithValue(t, "core: snapshot of a trainer of another shape or method", func() { adam.Snapshot(exact.NewSnapshot()) })
	assert.Equal(t, 4*3*len(net.Params)+8, adam.NewSnapshot().Bytes(), "weights, both moments and the step count")
}
