package core

import (
	"fmt"
	"math"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/edgetrain/edgetrain/simd"
	"github.com/edgetrain/edgetrain/tinynet"
)

// keptCases are the NGD methods and forms whose steps end with the forward pass the next
// step may reuse.
var keptCases = []struct {
	name string
	m    Method
	form Form
}{
	{"exact", Exact, FormAuto},
	{"blockdiag", BlockDiag, FormAuto},
	{"tridiag", TriDiag, FormAuto},
	{"unitwise/dual", UnitWise, FormDual},
	{"unitwise/primal", UnitWise, FormPrimal},
	{"kfac/dual", KFAC, FormDual},
	{"kfac/primal", KFAC, FormPrimal},
}

// Full-batch training reuses each step's closing forward pass as the next step's opening
// one, and the run is bit for bit the run that computes every forward pass afresh: same
// weights, same losses, same rejections, for every NGD method, both losses, with and
// without the learning-rate search.
func TestKeptForwardStepsAreBitForBitFreshForwardSteps(t *testing.T) {
	problems := []struct {
		widths []int
		n      int
		loss   tinynet.Loss
	}{
		{[]int{5, 12, 12, 1}, 10, tinynet.MSE},
		{[]int{6, 16, 16, 3}, 8, tinynet.SoftmaxCE},
	}
	for _, c := range keptCases {
		for _, p := range problems {
			for _, lr := range []LRMode{LRAuto, LRFixed} {
				t.Run(fmt.Sprintf("%s/%s/lr=%d", c.name, p.loss, lr), func(t *testing.T) {
					netA, x, y := tinyProblem(p.widths, simd.Tanh, p.n, p.loss, 5)
					netB, _, _ := tinyProblem(p.widths, simd.Tanh, p.n, p.loss, 5)
					cfg := Defaults(c.m, p.loss)
					cfg.Form = c.form
					if lr == LRFixed {
						cfg.LRMode, cfg.LR = LRFixed, 0.05
					}
					kept, err := New(netA, p.n, cfg)
					require.NoError(t, err)
					fresh, err := New(netB, p.n, cfg)
					require.NoError(t, err)
					hits := 0
					for s := 0; s < 25; s++ {
						if kept.keptForward(x, p.n) {
							hits++
						}
						fresh.kept = false // every forward pass afresh
						a, errA := kept.Step(x, y, p.n)
						b, errB := fresh.Step(x, y, p.n)
						require.Equal(t, errB, errA, "step %d", s)
						require.Equal(t, math.Float64bits(b.Loss), math.Float64bits(a.Loss), "step %d loss", s)
						require.Equal(t, math.Float64bits(b.LossAfter), math.Float64bits(a.LossAfter), "step %d loss after", s)
						require.Equal(t, b.Rejected, a.Rejected, "step %d", s)
						require.True(t, sameBits(netB.Params, netA.Params), "step %d: weights differ", s)
						if errA != nil {
							break
						}
					}
					assert.Greater(t, hits, 10, "steps that reused the kept forward pass")
				})
			}
		}
	}
}

// The kept forward pass is used only for the same rows at the same weights: a change to the
// input in place, to one weight through Net, a restored snapshot, another row count or a
// Loss evaluation in between each make the next step run its own forward pass, and that
// step is the one a fresh trainer takes from the same weights.
func TestKeptForwardIsDroppedWhenInputsOrWeightsChange(t *testing.T) {
	const n = 9
	widths := []int{4, 10, 10, 2}
	changes := []struct {
		name   string
		change func(tr *Trainer, x, y []float32) int // returns the rows of the next step
	}{
		{"input changed in place", func(tr *Trainer, x, y []float32) int {
			x[7] = math.Nextafter32(x[7], 10)
			return n
		}},
		{"weight changed through Net", func(tr *Trainer, x, y []float32) int {
			p := tr.Net().Params
			p[len(p)-1] = -p[len(p)-1]
			return n
		}},
		{"snapshot restored", func(tr *Trainer, x, y []float32) int {
			sn := tr.NewSnapshot()
			tr.Snapshot(sn)
			_, err := tr.Step(x, y, n)
			require.NoError(t, err)
			tr.Restore(sn)
			return n
		}},
		{"fewer rows", func(tr *Trainer, x, y []float32) int { return n - 2 }},
		{"loss evaluated on other rows", func(tr *Trainer, x, y []float32) int {
			tr.Loss(x[2*widths[0]:], y[2*widths[3]:], n-2)
			return n
		}},
	}
	for _, c := range keptCases {
		for _, ch := range changes {
			t.Run(c.name+"/"+ch.name, func(t *testing.T) {
				net, x, y := tinyProblem(widths, simd.Tanh, n, tinynet.MSE, 9)
				cfg := Defaults(c.m, tinynet.MSE)
				cfg.Form = c.form
				tr, err := New(net, n, cfg)
				require.NoError(t, err)
				for s := 0; s < 3; s++ {
					_, err := tr.Step(x, y, n)
					require.NoError(t, err)
				}
				require.True(t, tr.keptForward(x, n), "full-batch steps keep their forward pass")
				rows := ch.change(tr, x, y)
				assert.False(t, tr.keptForward(x, rows), "the kept pass must not be used")

				// the same weights and method state in a second trainer, every pass afresh
				net2 := tinynet.New(net.Spec)
				copy(net2.Params, net.Params)
				tr2, err := New(net2, n, cfg)
				require.NoError(t, err)
				sn := tr.NewSnapshot()
				tr.Snapshot(sn)
				tr2.Restore(sn)
				a, errA := tr.Step(x, y, rows)
				b, errB := tr2.Step(x, y, rows)
				require.Equal(t, errB, errA)
				assert.Equal(t, math.Float64bits(b.Loss), math.Float64bits(a.Loss), "loss")
				assert.True(t, slices.Equal(net2.Params, net.Params), "weights after the step")
			})
		}
	}
}

// A training loop that alternates between batches keeps no forward pass (so it copies no
// parameters) and allocates nothing per step; one that repeats its batch reuses the pass
// from its second repeated step on, allocation-free.
func TestKeptForwardCheckAllocatesNothing(t *testing.T) {
	const n = 8
	widths := []int{5, 12, 12, 2}
	for _, c := range keptCases {
		t.Run(c.name, func(t *testing.T) {
			net, x, y := tinyProblem(widths, simd.Tanh, 2*n, tinynet.MSE, 4)
			cfg := Defaults(c.m, tinynet.MSE)
			cfg.Form, cfg.LRMode, cfg.LR = c.form, LRFixed, 1e-3
			tr, err := New(net, n, cfg)
			require.NoError(t, err)
			x2, y2 := x[n*widths[0]:], y[n*widths[3]:]
			_, err = tr.Step(x, y, n)
			require.NoError(t, err)
			kept := 0
			alternating := testing.AllocsPerRun(20, func() {
				_, _ = tr.Step(x2, y2, n)
				if tr.kept {
					kept++
				}
				_, _ = tr.Step(x, y, n)
				if tr.kept {
					kept++
				}
			})
			assert.Zero(t, alternating, "alternating batches")
			assert.Zero(t, kept, "alternating batches keep no forward pass")
			hits := 0
			repeated := testing.AllocsPerRun(20, func() {
				if tr.keptForward(x, n) {
					hits++
				}
				_, _ = tr.Step(x, y, n)
			})
			assert.Zero(t, repeated, "repeated batch")
			assert.Equal(t, 20, hits, "a repeated batch finds its rows kept at every step but the first")
		})
	}
}
