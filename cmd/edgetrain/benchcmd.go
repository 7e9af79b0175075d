package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"runtime"
	"time"

	"github.com/edgetrain/edgetrain/bench/stepbench"
	"github.com/edgetrain/edgetrain/core"
	"github.com/edgetrain/edgetrain/simd"
)

type benchRow struct {
	Method        string  `json:"method"`
	Config        string  `json:"config"`
	Impl          string  `json:"impl"`
	USPerStep     float64 `json:"us_per_step"`
	GFLOPs        float64 `json:"gflops"` // stepbench.Flops per second of step time, in 1e9
	AllocsPerStep float64 `json:"allocs_per_step"`
	Steps         int     `json:"steps"`
	Note          string  `json:"note,omitempty"`
}

// runBench measures µs, GFLOP/s (of the flop model stepbench.Flops) and heap allocations
// per training step of every method at the reference configurations, on the selected
// kernel path and on the generic one.
func runBench(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("edgetrain bench", flag.ContinueOnError)
	quick := fs.Bool("quick", false, "short measurements and the two smaller configurations only (well under 10 s)")
	jsonOut := fs.Bool("json", false, "print one JSON object per measurement")
	var cpuDisable string
	addCPUDisableFlag(fs, &cpuDisable)
	if err := parseFlags(fs, args, "bench [--quick] [--json] [--cpu-disable LIST]", stdout); err != nil {
		return err
	}
	if err := applyCPUDisable(cpuDisable); err != nil {
		return err
	}
	budget := 300 * time.Millisecond
	configs := stepbench.Configs()
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
		fmt.Fprintf(stdout, "%-10s %-24s %-8s %12s %9s %14s\n", "method", "config", "impl", "µs/step", "GFLOP/s", "allocs/step")
	}
	for _, m := range methods {
		for _, c := range configs {
			for _, impl := range impls {
				row := benchRow{Method: m.String(), Config: c.Name(), Impl: impl}
				if err := simd.Force(impl); err != nil {
					continue
				}
				measureStep(&row, m, c, budget)
				if *jsonOut {
					_ = enc.Encode(row)
				} else if row.Note != "" {
					fmt.Fprintf(stdout, "%-10s %-24s %-8s %s\n", row.Method, row.Config, row.Impl, row.Note)
				} else {
					fmt.Fprintf(stdout, "%-10s %-24s %-8s %12.1f %9.2f %14.2f\n", row.Method, row.Config, row.Impl, row.USPerStep, row.GFLOPs, row.AllocsPerStep)
				}
			}
		}
	}
	if !*jsonOut {
		fmt.Fprintln(stdout, "GFLOP/s: the step's model flops (the method's dense formulation, see package bench/stepbench) per second;")
		fmt.Fprintln(stdout, "solves that exploit more structure than the dense form show an effective rate.")
	}
	return nil
}

func measureStep(row *benchRow, m core.Method, c stepbench.Config, budget time.Duration) {
	p := c.Problem()
	tr, err := p.Trainer(m)
	if err != nil {
		row.Note = "not run: " + err.Error()
		return
	}
	if err := p.Step(tr); err != nil { // warm-up
		row.Note = "not run: " + err.Error()
		return
	}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	start := time.Now()
	steps := 0
	for steps < 3 || time.Since(start) < budget {
		if err := p.Step(tr); err != nil {
			row.Note = "stopped: " + err.Error()
			break
		}
		steps++
	}
	el := time.Since(start)
	runtime.ReadMemStats(&after)
	row.Steps = steps
	row.USPerStep = float64(el.Microseconds()) / float64(max(steps, 1))
	if row.USPerStep > 0 {
		row.GFLOPs = stepbench.Flops(m, c) / row.USPerStep / 1e3
	}
	row.AllocsPerStep = float64(after.Mallocs-before.Mallocs) / float64(max(steps, 1))
}
