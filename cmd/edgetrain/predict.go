package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"strconv"

	"github.com/edgetrain/edgetrain/tinynet"
)

// runPredict writes predictions for every row of --data as CSV on stdout. Regression with
// one output: a column `prediction` (several outputs: prediction_0..); classification:
// `class` and the probabilities p_0..p_{K-1}.
func runPredict(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("edgetrain predict", flag.ContinueOnError)
	fs.SetOutput(stderr)
	modelPath := fs.String("model", "", "checkpoint `file` written by --save")
	data := fs.String("data", "", "CSV `file` with the model's feature columns")
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return errHelp
		}
		return usagef("%v", err)
	}
	if *modelPath == "" || *data == "" {
		return usagef("predict needs --model FILE and --data FILE")
	}
	m, err := LoadModel(*modelPath)
	if err != nil {
		return fmt.Errorf("%w: %v", errInput, err)
	}
	tbl, err := ReadTable(*data)
	if err != nil {
		return err
	}
	in := m.Net.Spec.Inputs()
	var features []int
	if len(m.Features) > 0 {
		for _, name := range m.Features {
			j := tbl.Column(name)
			if j < 0 {
				return noColumn(*data, tbl, name)
			}
			features = append(features, j)
		}
	} else {
		skip := map[string]bool{"target": true, "label": true}
		for _, n := range m.Targets {
			skip[n] = true
		}
		for j, name := range tbl.Header {
			if !skip[name] && len(features) < in {
				features = append(features, j)
			}
		}
		if len(features) != in {
			return &InputError{File: *data, Line: 1, Msg: fmt.Sprintf("the model wants %d feature columns, found %d", in, len(features))}
		}
	}
	x := inputs(tbl, features, m)
	C := m.Net.Spec.Outputs()
	chunk := min(tbl.Rows, 512)
	ws := tinynet.NewWorkspaceAlloc(m.Net.Spec, chunk)
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
	prob := make([]float64, C)
	for lo := 0; lo < tbl.Rows; lo += chunk {
		n := min(chunk, tbl.Rows-lo)
		out := m.Net.Predict(ws, x[lo*in:], n)
		for i := 0; i < n; i++ {
			f := out.Row(i)
			buf = buf[:0]
			if classifier {
				arg, _ := softmax(f, prob)
				buf = strconv.AppendInt(buf, int64(arg), 10)
				for _, p := range prob {
					buf = append(buf, ',')
					buf = strconv.AppendFloat(buf, p, 'g', 6, 64)
				}
			} else {
				for c, v := range f {
					if c > 0 {
						buf = append(buf, ',')
					}
					p := float64(v)
					if m.YNorm != nil {
						p = m.YNorm.Invert(p, c)
					}
					buf = strconv.AppendFloat(buf, p, 'g', 7, 64)
				}
			}
			buf = append(buf, '\n')
			w.Write(buf)
		}
	}
	return w.Flush()
}
