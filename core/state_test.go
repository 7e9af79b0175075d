package core

import (
	"math"
	"math/rand/v2"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/edgetrain/edgetrain/simd"
	"github.com/edgetrain/edgetrain/tinynet"
	"github.com/edgetrain/edgetrain/tinynet/model"
)

// resumeCase is a configuration whose state must survive a checkpoint.
type resumeCase struct {
	name string
	cfg  Config
}

func resumeCases() []resumeCase {
	var cs []resumeCase
	for _, m := range Methods() {
		cs = append(cs, resumeCase{m.String(), Defaults(m, tinynet.MSE)})
	}
	kf := Defaults(KFAC, tinynet.MSE)
	kf.KFACDecay, kf.KFACRefresh, kf.Form = 0.9, 3, FormPrimal
	cs = append(cs, resumeCase{"kfac decay 0.9 refresh 3", kf})
	lm := Defaults(BlockDiag, tinynet.MSE)
	lm.DampingPolicy = DampingLM
	cs = append(cs, resumeCase{"blockdiag lm", lm})
	ce := Defaults(Adam, tinynet.SoftmaxCE)
	cs = append(cs, resumeCase{"adam softmax", ce})
	return cs
}

// batches returns k seeded batches of n rows for spec and loss.
func resumeBatches(spec tinynet.Spec, loss tinynet.Loss, n, k int) (xs, ys [][]float32) {
	rng := rand.New(rand.NewPCG(3, 4))
	C := spec.Outputs()
	for i := 0; i < k; i++ {
		x := make([]float32, n*spec.Inputs())
		for j := range x {
			x[j] = float32(rng.NormFloat64())
		}
		var y []float32
		if loss == tinynet.SoftmaxCE {
			y = make([]float32, n)
			for j := range y {
				y[j] = float32(rng.IntN(C))
			}
		} else {
			y = make([]float32, n*C)
			for j := range y {
				y[j] = float32(rng.NormFloat64())
			}
		}
		xs, ys = append(xs, x), append(ys, y)
	}
	return xs, ys
}

// N steps, checkpoint (through a safetensors file), resume in a new trainer, M steps:
// the weights and the trainer's figures equal those of N+M uninterrupted steps bit for
// bit, for every method.
func TestResumeIsBitExactForEveryMethod(t *testing.T) {
	const N, M, batch = 7, 6, 6
	for _, tc := range resumeCases() {
		t.Run(tc.name, func(t *testing.T) {
			spec := tinynet.Spec{Widths: []int{4, 9, 7, 3}, Activation: simd.Tanh, SigmaW: 1.2, SigmaB: 0.3}
			xs, ys := resumeBatches(spec, tc.cfg.Loss, batch, N+M)

			whole := tinynet.New(spec)
			whole.Init(5)
			trW, err := New(whole, batch, tc.cfg)
			require.NoError(t, err)
			var infosW []StepInfo
			for i := 0; i < N+M; i++ {
				info, err := trW.Step(xs[i], ys[i], batch)
				require.NoError(t, err)
				infosW = append(infosW, info)
			}

			first := tinynet.New(spec)
			first.Init(5)
			tr1, err := New(first, batch, tc.cfg)
			require.NoError(t, err)
			for i := 0; i < N; i++ {
				_, err := tr1.Step(xs[i], ys[i], batch)
				require.NoError(t, err)
			}
			path := filepath.Join(t.TempDir(), "ckpt.safetensors")
			m := &model.Model{Net: first, Task: tc.cfg.Loss, Method: tc.cfg.Method.String(), Step: tr1.Steps()}
			m.Optim = tr1.ExportState(m.Optim)
			require.NoError(t, model.Save(path, m))

			loaded, err := model.Load(path)
			require.NoError(t, err)
			tr2, err := New(loaded.Net, batch, tc.cfg)
			require.NoError(t, err)
			require.NoError(t, tr2.ImportState(loaded.Optim))
			for i := N; i < N+M; i++ {
				info, err := tr2.Step(xs[i], ys[i], batch)
				require.NoError(t, err)
				want := infosW[i]
				if math.IsNaN(want.LossAfter) && math.IsNaN(info.LossAfter) {
					want.LossAfter, info.LossAfter = 0, 0 // not computed (first-order methods)
				}
				assert.Equal(t, want, info, "step %d", i)
			}
			assert.Equal(t, whole.Params, loaded.Net.Params)
			assert.Equal(t, trW.Damping(), tr2.Damping())
			assert.Equal(t, trW.Steps(), tr2.Steps())
			assert.Equal(t, trW.Rejections(), tr2.Rejections())
		})
	}
}

// State of another method or network is refused with ErrState and changes nothing.
func TestImportStateRefusesForeignState(t *testing.T) {
	spec := tinynet.Spec{Widths: []int{3, 5, 1}, Activation: simd.Tanh, SigmaW: 1, SigmaB: 0.1}
	net := tinynet.New(spec)
	adam, err := New(net, 4, Defaults(Adam, tinynet.MSE))
	require.NoError(t, err)
	sgd, err := New(net, 4, Defaults(SGD, tinynet.MSE))
	require.NoError(t, err)
	st := adam.ExportState(nil)
	assert.ErrorIs(t, sgd.ImportState(st), ErrState)
	assert.ErrorIs(t, sgd.ImportState(nil), ErrState)

	bigger := tinynet.New(tinynet.Spec{Widths: []int{3, 6, 1}, Activation: simd.Tanh, SigmaW: 1, SigmaB: 0.1})
	adam2, err := New(bigger, 4, Defaults(Adam, tinynet.MSE))
	require.NoError(t, err)
	assert.ErrorIs(t, adam2.ImportState(st), ErrState)

	st[1].Data[0] = 0.5 // not a state word
	assert.ErrorIs(t, adam.ImportState(st), ErrState)
}

// A second export into the tensors of the first allocates nothing.
func TestExportStateReusesItsTensors(t *testing.T) {
	spec := tinynet.Spec{Widths: []int{3, 8, 8, 2}, Activation: simd.Tanh, SigmaW: 1, SigmaB: 0.1}
	for _, m := range Methods() {
		net := tinynet.New(spec)
		net.Init(1)
		tr, err := New(net, 5, Defaults(m, tinynet.MSE))
		require.NoError(t, err)
		optim := tr.ExportState(nil)
		allocs := testing.AllocsPerRun(20, func() { optim = tr.ExportState(optim) })
		assert.Zero(t, allocs, "%s", m)
		assert.Len(t, optim, 2)
	}
}

func TestFloat64sRoundTripBitExactly(t *testing.T) {
	src := []float64{0, -0.0, 1, -1.5, 1e-310, 3.141592653589793, 1e300, -2.5e-8}
	enc := make([]float32, Float64Words*len(src))
	PutFloat64s(enc, src)
	dst := make([]float64, len(src))
	require.True(t, Float64s(dst, enc))
	for i := range src {
		assert.Equal(t, math.Float64bits(src[i]), math.Float64bits(dst[i]))
	}
	assert.False(t, Float64s(dst[:2], enc))
	enc[0] = 0.5
	assert.False(t, Float64s(dst, enc))
}
