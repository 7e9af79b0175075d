// Command online measures core.Learner on a time series, test-then-train: each row is
// predicted before the learner observes it, and the learner steps every k rows. It reports,
// per method, the mean absolute error of those predictions over the whole series, the
// persistence baseline (the previous value of the target, a named input column), the
// share of rejected steps and the median and worst step time.
//
//	go run ./bench/online --data testdata/seattle_hourly_temp_windows.csv --persist temp_c_lag1
//
// With --latency it reports instead the median, 99th-percentile and worst step time of
// K-FAC with its inverses refreshed every step, every --kfac-refresh steps at once, and
// every --kfac-refresh steps staggered over the layers, and of unit-wise NGD:
//
//	go run ./bench/online --latency --kfac-refresh 8
package main

import (
	"flag"
	"fmt"
	"math"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/edgetrain/edgetrain/core"
	"github.com/edgetrain/edgetrain/simd"
	"github.com/edgetrain/edgetrain/tinynet"
	"github.com/edgetrain/edgetrain/tinynet/table"
)

func main() {
	data := flag.String("data", "testdata/seattle_hourly_temp_windows.csv", "CSV file in time order; the last column is the target")
	persist := flag.String("persist", "temp_c_lag1", "input column holding the previous value of the target (the persistence forecast)")
	methods := flag.String("methods", "exact,blockdiag,tridiag,unitwise,kfac,sgd,adam", "methods to run")
	hidden := flag.String("hidden", "16,16", "hidden widths")
	window := flag.Int("window", 256, "window rows")
	batch := flag.Int("batch", 64, "rows per step")
	every := flag.Int("step-every", 8, "rows between steps")
	lrFrac := flag.Float64("lr", 0, "NGD line-search fraction (0: the online default)")
	damping := flag.Float64("damping", 0, "damping ρ (0: the online default)")
	foLR := flag.Float64("fo-lr", 0, "learning rate of sgd and adam (0: the online default)")
	refresh := flag.Int("kfac-refresh", 0, "K-FAC refresh period (0: default)")
	decay := flag.Float64("kfac-decay", -1, "K-FAC decay (-1: default)")
	seed := flag.Uint64("seed", 1, "seed")
	lat := flag.Bool("latency", false, "report step-time percentiles of K-FAC (refresh every step, every --kfac-refresh steps at once and staggered) and unit-wise instead")
	latWidths := flag.String("latency-widths", "32,256,256,256,1", "widths for --latency")
	latSteps := flag.Int("latency-steps", 400, "steps per configuration for --latency")
	flag.Parse()
	if *lat {
		var ws []int
		for _, s := range strings.Split(*latWidths, ",") {
			var w int
			fmt.Sscan(s, &w)
			ws = append(ws, w)
		}
		latency(ws, *batch, *latSteps, max(*refresh, 2))
		return
	}

	tbl, err := table.ReadFile(*data)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	pc := tbl.Column(*persist)
	in := tbl.Cols - 1
	var widths []int
	widths = append(widths, in)
	for _, s := range strings.Split(*hidden, ",") {
		var w int
		fmt.Sscan(s, &w)
		widths = append(widths, w)
	}
	widths = append(widths, 1)
	spec := tinynet.Spec{Widths: widths, Activation: simd.Tanh, SigmaW: 1, SigmaB: 0.1}

	var persistSum float64
	for r := 0; r < tbl.Rows; r++ {
		row := tbl.Data[r*tbl.Cols : (r+1)*tbl.Cols]
		if pc >= 0 {
			persistSum += math.Abs(row[in] - row[pc])
		}
	}
	fmt.Printf("rows %d, window %d, batch %d, step every %d, widths %v\n", tbl.Rows, *window, *batch, *every, widths)
	if pc >= 0 {
		fmt.Printf("persistence MAE %.4f\n", persistSum/float64(tbl.Rows))
	}
	fmt.Printf("%-10s %8s %8s %8s %10s %10s\n", "method", "MAE", "steps", "rejected", "median µs", "worst µs")
	for _, name := range strings.Split(*methods, ",") {
		m, ok := core.ParseMethod(name)
		if !ok {
			fmt.Fprintln(os.Stderr, "unknown method", name)
			os.Exit(2)
		}
		cfg := core.OnlineDefaults(m, tinynet.MSE)
		if *lrFrac > 0 && m.IsNGD() {
			cfg.LR = *lrFrac
		}
		if *foLR > 0 && !m.IsNGD() {
			cfg.LR = *foLR
		}
		if *damping > 0 {
			cfg.Damping = *damping
		}
		if *refresh > 0 {
			cfg.KFACRefresh = *refresh
		}
		if *decay >= 0 {
			cfg.KFACDecay = *decay
		}
		l, err := core.NewLearner(spec, tinynet.MSE, core.Online{Method: m, Config: &cfg, Window: *window, Batch: *batch, Seed: *seed})
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		out := make([]float64, 1)
		var absSum float64
		var times []time.Duration
		steps, rejected := 0, 0
		failed := ""
		for r := 0; r < tbl.Rows; r++ {
			row := tbl.Data[r*tbl.Cols : (r+1)*tbl.Cols]
			l.Predict(row[:in], out)
			absSum += math.Abs(out[0] - row[in])
			if err := l.Observe(row[:in], row[in:]); err != nil {
				failed = err.Error()
				break
			}
			if (r+1)%*every == 0 && l.Ready() {
				t0 := time.Now()
				info, err := l.Step()
				times = append(times, time.Since(t0))
				steps++
				if info.Rejected {
					rejected++
				}
				if err != nil {
					failed = err.Error()
					break
				}
			}
		}
		slices.Sort(times)
		var med, worst time.Duration
		if len(times) > 0 {
			med, worst = times[len(times)/2], times[len(times)-1]
		}
		fmt.Printf("%-10s %8.4f %8d %7.1f%% %10.0f %10.0f %s\n", name, absSum/float64(tbl.Rows), steps,
			100*float64(rejected)/float64(max(steps, 1)), float64(med.Microseconds()), float64(worst.Microseconds()), failed)
	}
}
