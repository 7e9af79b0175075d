package core_test

import (
	"fmt"
	"math"
	"os"
	"path/filepath"

	"github.com/edgetrain/edgetrain/core"
	"github.com/edgetrain/edgetrain/simd"
	"github.com/edgetrain/edgetrain/tinynet"
	"github.com/edgetrain/edgetrain/tinynet/model"
)

// sensor stands for a device: the reading at hour t (a daily cycle).
func sensor(t int) float64 { return 12 + 4*math.Sin(2*math.Pi*float64(t)/24) }

// The loop of a service that learns from a sensor: for every new row, predict first,
// then observe the row, and step every 8 rows. Nothing in the loop allocates, and the
// memory is fixed when the learner is built (here within a 256 KiB budget).
func ExampleLearner() {
	spec := tinynet.Spec{Widths: []int{3, 16, 1}, Activation: simd.Tanh, SigmaW: 1, SigmaB: 0.1}
	l, err := core.NewLearner(spec, tinynet.MSE, core.Online{Method: core.BlockDiag, Window: 128, Batch: 32, Budget: 256 << 10})
	if err != nil {
		panic(err)
	}
	x, y, pred := make([]float64, 3), make([]float64, 1), make([]float64, 1)
	var errSum, persistSum float64
	for t := 3; t < 2000; t++ {
		x[0], x[1], x[2] = sensor(t-3), sensor(t-2), sensor(t-1) // the last three readings
		y[0] = sensor(t)
		l.Predict(x, pred) // before learning from the row
		if t >= 1000 {
			errSum += math.Abs(pred[0] - y[0])
			persistSum += math.Abs(x[2] - y[0])
		}
		if err := l.Observe(x, y); err != nil {
			continue // a bad reading is skipped
		}
		if l.Observed()%8 == 0 {
			if _, err := l.Step(); err != nil {
				panic(err)
			}
		}
	}
	fmt.Printf("error below a tenth of persistence: %v\n", errSum < persistSum/10)
	fmt.Printf("memory: %s\n", core.FormatBytes(l.Bytes()))
	// Output:
	// error below a tenth of persistence: true
	// memory: 45.3 KiB
}

// Checkpoint and resume: Snapshot writes the weights, optimizer state, normalization,
// window and counters into the model; model.Save writes it atomically. After a restart,
// a learner built with the same settings and restored from the file continues exactly
// where the saved one stood.
func ExampleLearner_Restore() {
	dir, _ := os.MkdirTemp("", "edgetrain")
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "sensor.safetensors")
	spec := tinynet.Spec{Widths: []int{3, 16, 1}, Activation: simd.Tanh, SigmaW: 1, SigmaB: 0.1}
	settings := core.Online{Method: core.Exact, Window: 128, Batch: 32}

	run := func(l *core.Learner, from, to int) float64 {
		x, y, pred := make([]float64, 3), make([]float64, 1), make([]float64, 1)
		for t := from; t < to; t++ {
			x[0], x[1], x[2] = sensor(t-3), sensor(t-2), sensor(t-1)
			y[0] = sensor(t)
			l.Predict(x, pred)
			_ = l.Observe(x, y)
			if l.Observed()%8 == 0 {
				_, _ = l.Step()
			}
		}
		return pred[0]
	}

	// before the power cut: learn, checkpoint
	l, _ := core.NewLearner(spec, tinynet.MSE, settings)
	run(l, 3, 500)
	if err := model.Save(path, l.Snapshot()); err != nil {
		panic(err)
	}
	// after the restart: a new learner, restored from the checkpoint
	saved, err := model.Load(path)
	if err != nil {
		panic(err)
	}
	resumed, _ := core.NewLearner(spec, tinynet.MSE, settings)
	if err := resumed.Restore(saved); err != nil {
		panic(err)
	}
	// the same as never stopping
	never, _ := core.NewLearner(spec, tinynet.MSE, settings)
	run(never, 3, 500)
	fmt.Println(run(resumed, 500, 800) == run(never, 500, 800), resumed.Observed())
	// Output: true 797
}
