package main

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/edgetrain/edgetrain/core"
	"github.com/edgetrain/edgetrain/simd"
	"github.com/edgetrain/edgetrain/tinynet"
)

// latency reports the median, 99th percentile and worst step time of K-FAC with its
// inverses refreshed every step, every R steps all at once, and every R steps spread over
// the layers (KFACStagger), and of unit-wise NGD, on a seeded regression batch.
func latency(widths []int, batch, steps, refresh int) {
	spec := tinynet.Spec{Widths: widths, Activation: simd.Tanh, SigmaW: 1, SigmaB: 0.1}
	rng := rand.New(rand.NewPCG(1, 2))
	x := make([]float32, batch*spec.Inputs())
	y := make([]float32, batch*spec.Outputs())
	for i := range x {
		x[i] = float32(rng.NormFloat64())
	}
	for i := range y {
		y[i] = float32(rng.NormFloat64())
	}
	type run struct {
		name string
		cfg  core.Config
	}
	kf := func(refresh int, stagger bool) core.Config {
		c := core.Defaults(core.KFAC, tinynet.MSE)
		c.Form, c.KFACDecay, c.KFACRefresh, c.KFACStagger = core.FormPrimal, 0.95, refresh, stagger
		c.LRMode, c.LR, c.MaxRelStep = core.LRFixed, 1e-3, 0 // ρ stays put: refreshes only on schedule
		return c
	}
	uw := core.Defaults(core.UnitWise, tinynet.MSE)
	uw.LRMode, uw.LR, uw.MaxRelStep = core.LRFixed, 1e-3, 0
	runs := []run{
		{"kfac refresh 1", kf(1, false)},
		{fmt.Sprintf("kfac refresh %d", refresh), kf(refresh, false)},
		{fmt.Sprintf("kfac refresh %d stagger", refresh), kf(refresh, true)},
		{"unitwise", uw},
	}
	lockThread()
	fmt.Printf("step time (%s), widths %v, batch %d, %d steps (µs)\n", clockName, widths, batch, steps)
	fmt.Printf("%-26s %9s %9s %9s\n", "method", "median", "p99", "worst")
	for _, r := range runs {
		net := tinynet.New(spec)
		net.Init(1)
		tr, err := core.New(net, batch, r.cfg)
		if err != nil {
			panic(err)
		}
		var ts []time.Duration
		for s := 0; s < steps; s++ {
			t0 := threadClock()
			if _, err := tr.Step(x, y, batch); err != nil {
				panic(err)
			}
			if s > 0 { // the first step factors every layer
				ts = append(ts, threadClock()-t0)
			}
		}
		slices.Sort(ts)
		us := func(d time.Duration) float64 { return float64(d.Nanoseconds()) / 1e3 }
		fmt.Printf("%-26s %9.0f %9.0f %9.0f\n", r.name, us(ts[len(ts)/2]), us(ts[len(ts)*99/100]), us(ts[len(ts)-1]))
	}
}
