package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"runtime"
	"time"

	"github.com/edgetrain/edgetrain/core"
	"github.com/edgetrain/edgetrain/simd"
	"github.com/edgetrain/edgetrain/tinynet"
)

// benchConfig is one reference configuration of `edgetrain bench`.
type benchConfig struct {
	name   string
	widths []int
	batch  int
}

var benchConfigs = []benchConfig{
	{"in8-h32x2-out1-b32", []int{8, 32, 32, 1}, 32},
	{"in16-h64x2-out4-b64", []int{16, 64, 64, 4}, 64},
	{"in64-h256x2-out10-b128", []int{64, 256, 256, 10}, 128},
}

type benchRow struct {
	Method        string  `json:"method"`
	Config        string  `json:"config"`
	Impl          string  `json:"impl"`
	USPerStep     float64 `json:"us_per_step"`
	AllocsPerStep float64 `json:"allocs_per_step"`
	Steps         int     `json:"steps"`
	Note          string  `json:"note,omitempty"`
}

// runBench measures µs and heap allocations per training step of every method at the
// reference configurations, on the selected kernel path and on the generic one.
func runBench(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("edgetrain bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	quick := fs.Bool("quick", false, "short measurements and the two smaller configurations only (well under 10 s)")
	jsonOut := fs.Bool("json", false, "print one JSON object per measurement")
	var cpuDisable string
	addCPUDisableFlag(fs, &cpuDisable)
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return errHelp
		}
		return usagef("%v", err)
	}
	if err := applyCPUDisable(cpuDisable); err != nil {
		return err
	}
	budget := 300 * time.Millisecond
	configs := benchConfigs
	if *quick {
		budget = 40 * time.Millisecond
		configs = configs[:2]
	}
	selected := simd.Path()
	impls := []string{selected}
	if selected != simd.PathGeneric {
		impls = append(impls, simd.PathGeneric)
	}
	defer simd.Force(selected)
	methods := core.Methods()
	enc := json.NewEncoder(stdout)
	if !*jsonOut {
		fmt.Fprintf(stdout, "%-10s %-24s %-8s %12s %14s\n", "method", "config", "impl", "µs/step", "allocs/step")
	}
	for _, m := range methods {
		for _, bc := range configs {
			for _, impl := range impls {
				row := benchRow{Method: m.String(), Config: bc.name, Impl: impl}
				if err := simd.Force(impl); err != nil {
					continue
				}
				measureStep(&row, m, bc, budget)
				if *jsonOut {
					_ = enc.Encode(row)
				} else if row.Note != "" {
					fmt.Fprintf(stdout, "%-10s %-24s %-8s %s\n", row.Method, row.Config, row.Impl, row.Note)
				} else {
					fmt.Fprintf(stdout, "%-10s %-24s %-8s %12.1f %14.2f\n", row.Method, row.Config, row.Impl, row.USPerStep, row.AllocsPerStep)
				}
			}
		}
	}
	return nil
}

func measureStep(row *benchRow, m core.Method, bc benchConfig, budget time.Duration) {
	spec := tinynet.Spec{Widths: bc.widths, Activation: simd.Tanh, SigmaW: 1, SigmaB: 0.1}
	net := tinynet.New(spec)
	net.Init(1)
	rng := rand.New(rand.NewPCG(1, 2))
	x := make([]float32, bc.batch*bc.widths[0])
	for i := range x {
		x[i] = float32(rng.NormFloat64())
	}
	y := make([]float32, bc.batch*spec.Outputs())
	for i := range y {
		y[i] = float32(rng.NormFloat64())
	}
	cfg := core.Defaults(m, tinynet.MSE)
	cfg.Damping = 1e-2
	tr, err := core.New(net, bc.batch, cfg)
	if err != nil {
		row.Note = "not run: " + err.Error()
		return
	}
	if _, err := tr.Step(x, y, bc.batch); err != nil { // warm-up
		row.Note = "not run: " + err.Error()
		return
	}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	start := time.Now()
	steps := 0
	for steps < 3 || time.Since(start) < budget {
		if _, err := tr.Step(x, y, bc.batch); err != nil {
			row.Note = "stopped: " + err.Error()
			break
		}
		steps++
	}
	el := time.Since(start)
	runtime.ReadMemStats(&after)
	row.Steps = steps
	row.USPerStep = float64(el.Microseconds()) / float64(max(steps, 1))
	row.AllocsPerStep = float64(after.Mallocs-before.Mallocs) / float64(max(steps, 1))
}
