package core

import (
	"io"
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/edgetrain/edgetrain/tinynet"
	"github.com/edgetrain/edgetrain/tinynet/model"
)

// Writing a learner's checkpoint allocates a bounded number of times, independent of the
// window and network sizes (the state tensors are reused, and the float32 state is
// written as it is): measured 1 Snapshot + model.Write.
func TestCheckpointWriteAllocationIsBounded(t *testing.T) {
	counts := map[int]float64{}
	for _, window := range []int{64, 4096} {
		l, err := NewLearner(learnerSpec(18, 1), tinynet.MSE, Online{Method: KFAC, Window: window})
		require.NoError(t, err)
		feed(t, l, newStream(1, 18, tinynet.MSE, 1), 300, 8)
		require.NoError(t, model.Write(io.Discard, l.Snapshot()))
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		counts[window] = testing.AllocsPerRun(10, func() {
			if err := model.Write(io.Discard, l.Snapshot()); err != nil {
				t.Fatal(err)
			}
		})
		runtime.ReadMemStats(&after)
		t.Logf("window %d: %.0f allocations, %d bytes per checkpoint write", window, counts[window], (after.TotalAlloc-before.TotalAlloc)/11)
	}
	assert.Equal(t, counts[64], counts[4096], "allocations must not grow with the window")
	assert.LessOrEqual(t, counts[64], 200.0)
}
