package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math"
	"text/tabwriter"

	"github.com/edgetrain/edgetrain/core"
	"github.com/edgetrain/edgetrain/tinynet"
	"github.com/edgetrain/edgetrain/tinynet/model"
	"github.com/edgetrain/edgetrain/tinynet/table"
)

// targetScores are the figures of one regression target, in the data's units.
type targetScores struct {
	Name string  `json:"name"`
	R2   float64 `json:"r2"`
	RMSE float64 `json:"rmse"`
	MAE  float64 `json:"mae"`
}

// evalReportJSON is the output of `edgetrain eval --json`.
type evalReportJSON struct {
	Model string `json:"model"`
	Data  string `json:"data"`
	Rows  int    `json:"rows"`
	Task  string `json:"task"`
	// regression: per target, and the mean over the targets
	Targets []targetScores `json:"targets,omitempty"`
	Mean    *targetScores  `json:"mean,omitempty"`
	// classification
	Classes int `json:"classes,omitempty"`
	*ClassScores
}

// runEval is `edgetrain eval --model FILE --data FILE [--json]`: the scores of a checkpoint
// on a labelled CSV. Regression: R², RMSE and MAE per target and their mean; classification:
// accuracy, balanced accuracy, log-loss and the confusion matrix.
func runEval(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("edgetrain eval", flag.ContinueOnError)
	modelPath := fs.String("model", "", "checkpoint `file` written by --save")
	data := fs.String("data", "", "labelled CSV `file` with the model's feature and target (or label) columns; - reads standard input")
	jsonOut := fs.Bool("json", false, "print the scores as one JSON object")
	if err := parseFlags(fs, args, "eval --model FILE --data FILE [--json]", stdout); err != nil {
		return err
	}
	if *modelPath == "" || *data == "" {
		return usagef("eval needs --model FILE and --data FILE")
	}
	m, tbl, err := loadModelAndTable(*modelPath, *data)
	if err != nil {
		return err
	}
	if tbl.Missing != nil { // inputs are filled in by the model; rows without a target are not scored
		targets, err := evalTargets(m, tbl)
		if err != nil {
			return err
		}
		rows, _ := model.CompleteRows(tbl, targets)
		if dropped := tbl.Rows - len(rows); dropped > 0 {
			if len(rows) == 0 {
				return tbl.FileError("every row lacks its target, there is nothing to score")
			}
			fmt.Fprintf(stderr, "edgetrain: eval: %d of %d rows lack a target and are not scored\n", dropped, tbl.Rows)
			tbl = tbl.Keep(rows)
		}
	}
	if budget, _ := core.ParseBytes(defaultMem); int64(tbl.Rows)*int64(m.Outputs())*16 > int64(budget) {
		return usagef("eval: %d rows × %d outputs need %d bytes of predictions, over %s; score the file in parts",
			tbl.Rows, m.Outputs(), int64(tbl.Rows)*int64(m.Outputs())*16, defaultMem)
	}
	rep, err := evaluateModel(m, tbl)
	if err != nil {
		return err
	}
	rep.Model, rep.Data = *modelPath, *data
	if *jsonOut {
		return json.NewEncoder(stdout).Encode(rep)
	}
	printEvalReport(stdout, rep)
	return nil
}

// evaluateModel scores m on every row of tbl.
func evaluateModel(m *model.Model, tbl *table.Table) (*evalReportJSON, error) {
	if tbl.Rows == 0 {
		return nil, tbl.FileError("no rows to evaluate")
	}
	features, err := m.InputColumns(tbl)
	if err != nil {
		return nil, err
	}
	targets, err := evalTargets(m, tbl)
	if err != nil {
		return nil, err
	}
	C := m.Outputs()
	pred := make([]float64, tbl.Rows*C)
	model.NewPredictor(m, min(tbl.Rows, 512)).Predict(pred, tbl.Gather(features, nil), tbl.Rows)
	rep := &evalReportJSON{Rows: tbl.Rows}
	if m.Task == tinynet.SoftmaxCE {
		col := targets[0]
		labels := make([]int, tbl.Rows)
		for r := range labels {
			v := tbl.Data[r*tbl.Cols+col]
			if v != math.Trunc(v) || v < 0 || v >= float64(C) {
				return nil, tbl.RowError(r, col, "label %v is not one of the model's classes 0..%d", v, C-1)
			}
			labels[r] = int(v)
		}
		s := scoreClasses(pred, labels, C)
		rep.Task, rep.Classes, rep.ClassScores = "classification", C, &s
		return rep, nil
	}
	rep.Task = "regression"
	p, t := make([]float64, tbl.Rows), make([]float64, tbl.Rows)
	mean := targetScores{Name: "mean"}
	for c, col := range targets {
		for r := range p {
			p[r], t[r] = pred[r*C+c], tbl.Data[r*tbl.Cols+col]
		}
		s := targetScores{Name: tbl.Header[col], R2: R2(p, t), RMSE: RMSE(p, t), MAE: MAE(p, t)}
		rep.Targets = append(rep.Targets, s)
		mean.R2 += s.R2 / float64(C)
		mean.RMSE += s.RMSE / float64(C)
		mean.MAE += s.MAE / float64(C)
	}
	rep.Mean = &mean
	return rep, nil
}

// evalTargets finds the model's target (or label) columns in tbl: by the names the
// checkpoint records, else as training would choose them.
func evalTargets(m *model.Model, tbl *table.Table) ([]int, error) {
	if len(m.Targets) == 0 {
		c, err := model.SelectColumns(tbl, m.Task, nil, "", m)
		return c.Targets, err
	}
	var cols []int
	for _, name := range m.Targets {
		j := tbl.Column(name)
		if j < 0 {
			return nil, tbl.HeaderError("no column named %q, the model's target (eval needs labelled rows)", name)
		}
		cols = append(cols, j)
	}
	if m.Task != tinynet.SoftmaxCE && len(cols) != m.Outputs() {
		return nil, tbl.HeaderError("the model predicts %d targets but names %d", m.Outputs(), len(cols))
	}
	return cols, nil
}

func printEvalReport(w io.Writer, rep *evalReportJSON) {
	fmt.Fprintf(w, "%s on %s: %d rows, %s\n", rep.Model, rep.Data, rep.Rows, rep.Task)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	if rep.ClassScores != nil {
		s := rep.ClassScores
		fmt.Fprintf(w, "accuracy %.4f  balanced accuracy %.4f  log-loss %.5g\n", s.Accuracy, s.BalancedAccuracy, s.LogLoss)
		fmt.Fprintln(w, "confusion matrix (rows: true class, columns: predicted class):")
		fmt.Fprint(tw, "\t")
		for c := range s.Confusion {
			fmt.Fprintf(tw, "%d\t", c)
		}
		fmt.Fprintln(tw)
		for c, row := range s.Confusion {
			fmt.Fprintf(tw, "%d\t", c)
			for _, v := range row {
				fmt.Fprintf(tw, "%d\t", v)
			}
			fmt.Fprintln(tw)
		}
		tw.Flush()
		return
	}
	fmt.Fprintln(tw, "target\tR²\tRMSE\tMAE\t")
	rows := rep.Targets
	if len(rows) > 1 {
		rows = append(rows, *rep.Mean)
	}
	for _, s := range rows {
		fmt.Fprintf(tw, "%s\t%.4f\t%.5g\t%.5g\t\n", s.Name, s.R2, s.RMSE, s.MAE)
	}
	tw.Flush()
}
