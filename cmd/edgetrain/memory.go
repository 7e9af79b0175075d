package main

import (
	"errors"
	"fmt"

	"github.com/edgetrain/edgetrain/core"
	"github.com/edgetrain/edgetrain/tinynet"
)

// defaultMem is the memory budget of a run without --mem: 1 GiB, far above what the
// networks this tool is for need (a 32,32 network trains in well under 1 MiB) and low
// enough that a mistyped --hidden is refused with its figure instead of exhausting the
// machine.
const defaultMem = "1GiB"

// memoryNeed is what a training run allocates besides the table it read: the network,
// the trainer, the validation predictor, and as data the prepared rows (float32 inputs and
// targets, float64 raw regression targets) and the validation buffers, and the staging of
// one batch.
func memoryNeed(spec tinynet.Spec, cfg core.Config, rows, valid, batch int) core.Need {
	in, C := spec.Inputs(), spec.Outputs()
	yw := C
	if cfg.Loss == tinynet.SoftmaxCE {
		yw = 1
	}
	data := rows * (in + yw) * 4
	if cfg.Loss == tinynet.MSE {
		data += rows * C * 8 // Data.YRaw
	}
	n := core.Need{Spec: spec, Config: cfg, Batch: batch, Data: data, Stage: true}
	if valid > 0 {
		n.Predict = min(valid, 512)
		data += n.Predict*in*4 + 2*valid*C*8 + C*8
		n.Data = data
	}
	return n
}

// checkMemory refuses a run whose network and buffers exceed the --mem budget, before
// any of them is allocated; the error gives the figure and the largest batch that fits.
func checkMemory(f *trainFlags, need core.Need) error {
	budget, err := core.ParseBytes(f.mem)
	if err != nil {
		return usagef("--mem: %v", err)
	}
	if _, err := need.Fit(budget); err != nil {
		var be *core.BudgetError
		if errors.As(err, &be) {
			hint := ""
			if be.Fit > 0 {
				hint = fmt.Sprintf(" (use --batch %d, or raise --mem)", be.Fit)
			}
			return usagef("--mem %s: %v%s", f.mem, err, hint)
		}
		return usagef("%v", err)
	}
	return nil
}
