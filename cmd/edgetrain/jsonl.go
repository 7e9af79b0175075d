package main

import (
	"encoding/json"
	"io"

	"github.com/edgetrain/edgetrain/simd"
	"github.com/edgetrain/edgetrain/tinynet/model"
)

// jsonSchema is the version of the --json line format of training runs (documented in the
// README). Every line is one JSON object with "type" and "schema"; a figure that does not
// apply to the run or was not measured is null, never 0. A new field keeps the version;
// removing or changing one increments it.
const jsonSchema = 1

// Line types.
const (
	lineEval    = "eval"    // one evaluation: every --eval-every steps and at the end
	lineSummary = "summary" // the last line of a successful run (also one stopped by a signal)
	lineError   = "error"   // the last line of a failed run (exit status 1)
	lineSaved   = "saved"   // a periodic checkpoint (--save-every) was written
)

// num is a float64 that is JSON null where it does not apply.
func num(v float64, ok bool) any {
	if !ok {
		return nil
	}
	return v
}

// str is a string that is JSON null when empty.
func str(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// jsonLine encodes one line of type kind with fields.
func jsonLine(enc *json.Encoder, kind string, fields map[string]any) {
	fields["type"] = kind
	fields["schema"] = jsonSchema
	_ = enc.Encode(fields)
}

// evalFields are the figures of an evaluation line.
func evalFields(r evalReport) map[string]any {
	val := r.hasVal
	return map[string]any{
		"epoch":                 r.Epoch,
		"step":                  r.Step,
		"seconds":               r.Seconds,
		"train_loss":            num(r.TrainLoss, r.hasTrain),
		"val_loss":              num(r.ValLoss, val),
		"val_r2":                num(r.ValR2, val && !r.classifier),
		"val_accuracy":          num(r.ValAcc, val && r.classifier),
		"val_balanced_accuracy": num(r.ValBalAcc, val && r.classifier),
		"steps_per_s":           num(r.StepsPerS, r.Step > 0),
		"lr":                    num(r.LR, r.hasTrain),
		"damping":               num(r.Damping, r.ngd),
		"cos_df_minus_e":        num(r.Cos, r.hasDiag),
		"ratio_df_e":            num(r.Ratio, r.hasDiag),
		"alpha":                 num(r.Alpha, r.hasDiag),
		"rejected":              r.Rejected,
		"best":                  r.Best,
	}
}

// summaryFields are the figures of the summary line: the state the run ends in (the best
// one with restore-best) and how the run went.
func summaryFields(m *model.Model, res trainResult) map[string]any {
	b := res.best
	val := b.hasVal
	return map[string]any{
		"steps":                 res.steps,
		"rejected":              res.rejected,
		"train_loss":            num(b.TrainLoss, b.hasTrain),
		"val_loss":              num(b.ValLoss, val),
		"val_r2":                num(b.ValR2, val && !b.classifier),
		"val_accuracy":          num(b.ValAcc, val && b.classifier),
		"val_balanced_accuracy": num(b.ValBalAcc, val && b.classifier),
		"best_step":             b.Step,
		"best_epoch":            b.Epoch,
		"restored_best":         res.restored,
		"stopped":               res.stopped,
		"seconds":               res.seconds,
		"method":                m.Method,
		"kernels":               simd.Path(),
		"saved":                 str(res.saved),
	}
}

// printSaved reports a periodic save (--save-every) as a JSON line; text output stays
// quiet about them.
func printSaved(w io.Writer, f *trainFlags, path string, step int) {
	if f.jsonOut {
		jsonLine(json.NewEncoder(w), lineSaved, map[string]any{"path": path, "step": step})
	}
}
