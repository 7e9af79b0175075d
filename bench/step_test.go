package bench

import (
	"fmt"
	"testing"

	"github.com/edgetrain/edgetrain/bench/stepbench"
	"github.com/edgetrain/edgetrain/core"
	"github.com/edgetrain/edgetrain/simd"
)

// BenchmarkStep measures one training step (ns/op = ns/step, allocs/op = allocs/step,
// GFLOP/s of the flop model stepbench.Flops) for every method, reference configuration
// (package stepbench) and available kernel path, side by side:
//
//	go test ./bench -run '^$' -bench Step -benchtime 2s
func BenchmarkStep(b *testing.B) {
	defer simd.Force("auto")
	for _, m := range core.Methods() {
		for _, c := range stepbench.Configs() {
			for _, path := range simd.Available() {
				name := fmt.Sprintf("method=%s/config=%s/impl=%s", m, c.Name(), path)
				b.Run(name, func(b *testing.B) {
					if err := simd.Force(path); err != nil {
						b.Skip(err)
					}
					p := c.Problem()
					tr, err := p.Trainer(m)
					if err != nil {
						b.Skip(err)
					}
					b.ReportAllocs()
					for b.Loop() {
						if err := p.Step(tr); err != nil {
							b.Fatal(err)
						}
					}
					b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "steps/s")
					b.ReportMetric(stepbench.Flops(m, c)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
				})
			}
		}
	}
}
