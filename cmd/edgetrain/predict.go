package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"strconv"

	"github.com/edgetrain/edgetrain/tinynet"
	"github.com/edgetrain/edgetrain/tinynet/model"
	"github.com/edgetrain/edgetrain/tinynet/table"
)

// runPredict writes predictions for every row of --data as CSV on stdout. Regression with
// one output: a column `prediction` (several outputs: prediction_0..); classification:
// `class` and the probabilities p_0..p_{K-1}.
func runPredict(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("edgetrain predict", flag.ContinueOnError)
	modelPath := fs.String("model", "", "checkpoint `file` written by --save")
	data := fs.String("data", "", "CSV `file` with the model's feature columns; - reads standard input")
	if err := parseFlags(fs, args, "predict --model FILE --data FILE", stdout); err != nil {
		return err
	}
	if *modelPath == "" || *data == "" {
		return usagef("predict needs --model FILE and --data FILE")
	}
	m, tbl, err := loadModelAndTable(*modelPath, *data)
	if err != nil {
		return err
	}
	cols, err := m.InputColumns(tbl)
	if err != nil {
		return err
	}
	C := m.Outputs()
	// Rows are predicted and written a chunk at a time: memory stays that of one chunk
	// however many rows and classes there are.
	const chunk = 512
	pr := model.NewPredictor(m, min(tbl.Rows, chunk))
	pred := make([]float64, min(tbl.Rows, chunk)*C)
	raw := make([]float64, min(tbl.Rows, chunk)*len(cols))

	w := bufio.NewWriter(stdout)
	classifier := m.Task == tinynet.SoftmaxCE
	switch {
	case classifier:
		fmt.Fprint(w, "class")
		for c := 0; c < C; c++ {
			fmt.Fprintf(w, ",p_%d", c)
		}
	case C == 1:
		fmt.Fprint(w, "prediction")
	default:
		for c := 0; c < C; c++ {
			if c > 0 {
				fmt.Fprint(w, ",")
			}
			fmt.Fprintf(w, "prediction_%d", c)
		}
	}
	fmt.Fprintln(w)
	buf := make([]byte, 0, 64)
	for lo := 0; lo < tbl.Rows; lo += chunk {
		n := min(chunk, tbl.Rows-lo)
		for r := 0; r < n; r++ {
			for i, j := range cols {
				raw[r*len(cols)+i] = tbl.Data[(lo+r)*tbl.Cols+j]
			}
		}
		pr.Predict(pred, raw, n)
		for r := 0; r < n; r++ {
			p := pred[r*C : (r+1)*C]
			buf = buf[:0]
			if classifier {
				buf = strconv.AppendInt(buf, int64(argmax(p)), 10)
				for _, v := range p {
					buf = append(buf, ',')
					buf = strconv.AppendFloat(buf, v, 'g', 6, 64)
				}
			} else {
				for c, v := range p {
					if c > 0 {
						buf = append(buf, ',')
					}
					buf = strconv.AppendFloat(buf, v, 'g', 7, 64)
				}
			}
			buf = append(buf, '\n')
			if _, err := w.Write(buf); err != nil {
				return fmt.Errorf("writing predictions: %w", err)
			}
		}
	}
	return w.Flush()
}

// argmax returns the index of the first largest value.
func argmax(p []float64) int {
	k := 0
	for c, v := range p {
		if v > p[k] {
			k = c
		}
	}
	return k
}

// loadModelAndTable loads the checkpoint at modelPath and reads the CSV at data for
// predict and eval: missing inputs are accepted when the model can fill them in.
func loadModelAndTable(modelPath, data string) (*model.Model, *table.Table, error) {
	m, err := model.Load(modelPath)
	if err != nil {
		return nil, nil, fmt.Errorf("%w: %v", errInput, err)
	}
	hint := "; the model was trained without --na mean, so it has no values to fill in"
	tbl, err := readTable(data, defaultMem, m.Impute != nil, hint)
	if err != nil {
		return nil, nil, err
	}
	return m, tbl, nil
}
