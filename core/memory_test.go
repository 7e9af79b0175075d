package core

import (
	"errors"
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/edgetrain/edgetrain/simd"
	"github.com/edgetrain/edgetrain/tinynet"
	"github.com/edgetrain/edgetrain/tinynet/model"
)

func memSpec(widths ...int) tinynet.Spec {
	return tinynet.Spec{Widths: widths, Activation: simd.Tanh, SigmaW: 1, SigmaB: 0.1}
}

// The planned parts are exactly what the constructors allocate for their numbers: the
// network's parameters, the trainer's slab, the predictor's buffers, for every method.
func TestMemoryPlanEqualsWhatIsAllocated(t *testing.T) {
	for _, m := range Methods() {
		for _, loss := range []tinynet.Loss{tinynet.MSE, tinynet.SoftmaxCE} {
			spec := memSpec(5, 12, 9, 3)
			need := Need{Spec: spec, Config: Defaults(m, loss), Batch: 7, Predict: 11}
			plan, err := need.Memory()
			require.NoError(t, err)
			net := tinynet.New(spec)
			tr, err := New(net, need.Batch, need.Config)
			require.NoError(t, err)
			pr := model.NewPredictor(&model.Model{Net: net, Task: loss}, need.Predict)
			assert.Equal(t, 4*len(net.Params), plan.Weights, "%s weights", m)
			assert.Equal(t, tr.Bytes(), plan.Trainer, "%s trainer", m)
			assert.Equal(t, pr.Bytes(), plan.Predict, "%s prediction", m)
			assert.Equal(t, plan.Weights+plan.Trainer+plan.Predict, plan.Total())
		}
	}
}

// The heap grows by the planned total (within 2%) when the network, trainer and
// predictor of a configuration of a few MiB are built.
func TestMemoryPlanMatchesHeapGrowth(t *testing.T) {
	for _, m := range []Method{Exact, KFAC, UnitWise, Adam} {
		spec := memSpec(16, 256, 256, 2)
		need := Need{Spec: spec, Config: Defaults(m, tinynet.MSE), Batch: 64, Predict: 128}
		plan, err := need.Memory()
		require.NoError(t, err)
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		net := tinynet.New(spec)
		tr, err := New(net, need.Batch, need.Config)
		require.NoError(t, err)
		pr := model.NewPredictor(&model.Model{Net: net, Task: tinynet.MSE}, need.Predict)
		runtime.ReadMemStats(&after)
		grown := float64(after.TotalAlloc - before.TotalAlloc)
		assert.InEpsilon(t, float64(plan.Total()), grown, 0.02, "%s: planned %d bytes, heap grew %d", m, plan.Total(), int(grown))
		runtime.KeepAlive(tr)
		runtime.KeepAlive(pr)
	}
}

// A refused configuration names its figure and the largest batch that fits: that batch
// fits the same budget and one row more does not.
func TestBudgetRefusalSuggestsTheLargestBatchThatFits(t *testing.T) {
	for _, m := range Methods() {
		need := Need{Spec: memSpec(6, 40, 40, 2), Config: Defaults(m, tinynet.MSE), Batch: 64, Predict: 64}
		full, err := need.Memory()
		require.NoError(t, err)
		budget := full.Total() * 2 / 3
		_, err = need.Fit(budget)
		var be *BudgetError
		require.ErrorAs(t, err, &be, "%s", m)
		require.ErrorIs(t, err, ErrBudget)
		assert.Equal(t, full, be.Need)
		assert.Contains(t, err.Error(), FormatBytes(full.Total()))
		require.Greater(t, be.Fit, 0, "%s", m)
		assert.Contains(t, err.Error(), "largest batch that fits is")

		at := need
		at.Batch = be.Fit
		got, err := at.Fit(budget)
		require.NoError(t, err, "%s: the suggested batch %d must fit", m, be.Fit)
		assert.LessOrEqual(t, got.Total(), budget)
		at.Batch = be.Fit + 1
		_, err = at.Fit(budget)
		assert.ErrorIs(t, err, ErrBudget, "%s: batch %d must not fit", m, be.Fit+1)

		// within budget: the figure comes back
		got, err = need.Fit(full.Total())
		require.NoError(t, err)
		assert.Equal(t, full, got)
		_, err = need.Fit(full.Total() - 1)
		assert.ErrorIs(t, err, ErrBudget)
	}
}

// With a window, the suggestion is the largest window (the batch shrinks with it).
func TestBudgetRefusalSuggestsTheLargestWindowThatFits(t *testing.T) {
	need := Need{Spec: memSpec(24, 32, 1), Config: Defaults(BlockDiag, tinynet.MSE), Batch: 64, Window: 4096, Predict: 1}
	full, err := need.Memory()
	require.NoError(t, err)
	budget := full.Total() - 1000
	_, err = need.Fit(budget)
	var be *BudgetError
	require.ErrorAs(t, err, &be)
	assert.True(t, be.Window)
	assert.Contains(t, err.Error(), "largest window that fits is")
	at := need
	at.Window = be.Fit
	_, err = at.Fit(budget)
	require.NoError(t, err)
	at.Window = be.Fit + 1
	_, err = at.Fit(budget)
	assert.ErrorIs(t, err, ErrBudget)
}

// A network whose weights alone exceed the budget is refused with its figure and no
// suggestion, without allocating (10^10 parameters would be 40 GB).
func TestBudgetRefusesAHugeNetworkBeforeAllocating(t *testing.T) {
	need := Need{Spec: memSpec(8, 100000, 100000, 1), Config: Defaults(Exact, tinynet.MSE), Batch: 32}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err := need.Fit(1 << 30)
	runtime.ReadMemStats(&after)
	var be *BudgetError
	require.ErrorAs(t, err, &be)
	assert.Equal(t, 0, be.Fit)
	assert.Greater(t, float64(be.Need.Total()), 1e9)
	assert.Contains(t, err.Error(), "not even a batch of 1 row fits")
	assert.Less(t, after.TotalAlloc-before.TotalAlloc, uint64(1<<20))
}

func TestParseAndFormatBytes(t *testing.T) {
	for in, want := range map[string]int{"512KiB": 512 << 10, "1 MiB": 1 << 20, "1.5MiB": 3 << 19,
		"1GiB": 1 << 30, "64B": 64, "4096": 4096, "10kib": 10 << 10} {
		got, err := ParseBytes(in)
		require.NoError(t, err, in)
		assert.Equal(t, want, got, in)
	}
	for _, bad := range []string{"", "KiB", "-1KiB", "12abc", "1e400", "NaN", "1 MB"} {
		_, err := ParseBytes(bad)
		assert.Error(t, err, bad)
	}
	assert.Equal(t, "512 KiB", FormatBytes(512<<10))
	assert.Equal(t, "1.5 MiB", FormatBytes(3<<19))
	assert.Equal(t, "100 B", FormatBytes(100))
	assert.True(t, errors.Is(&BudgetError{}, ErrBudget))
}
