package main

import (
	"github.com/edgetrain/edgetrain/tinynet"
	"github.com/edgetrain/edgetrain/tinynet/model"
)

// evaluator computes validation figures with a preallocated prediction workspace.
type evaluator struct {
	m     *model.Model
	d     *model.Data
	rows  []int
	pr    *model.Predictor
	xb    []float32
	pred  []float64 // len(rows)×C, original units
	prob  []float64 // C softmax probabilities of one row
	truth []float64
}

func newEvaluator(m *model.Model, d *model.Data, rows []int) *evaluator {
	ev := &evaluator{m: m, d: d, rows: rows}
	if len(rows) == 0 {
		return ev
	}
	chunk := min(len(rows), 512)
	ev.pr = model.NewPredictor(m, chunk)
	ev.xb = make([]float32, chunk*d.In)
	ev.pred = make([]float64, len(rows)*d.Out)
	ev.prob = make([]float64, d.Out)
	ev.truth = make([]float64, len(rows)*d.Out)
	return ev
}

func (ev *evaluator) evaluate(rep *evalReport) {
	if len(ev.rows) == 0 {
		return
	}
	d, m := ev.d, ev.m
	in, C := d.In, d.Out
	classifier := m.Task == tinynet.SoftmaxCE
	rep.hasVal, rep.classifier = true, classifier
	var lossSum float64
	correct := make([]int, C)
	count := make([]int, C)
	for lo := 0; lo < len(ev.rows); lo += ev.pr.Cap() {
		n := min(ev.pr.Cap(), len(ev.rows)-lo)
		for i := 0; i < n; i++ {
			r := ev.rows[lo+i]
			copy(ev.xb[i*in:(i+1)*in], d.X[r*in:(r+1)*in])
		}
		out := ev.pr.Forward(ev.xb, n)
		for i := 0; i < n; i++ {
			r := ev.rows[lo+i]
			f := out.Row(i)
			if classifier {
				y := int(d.Y[r])
				arg, lse := model.Softmax(ev.prob, f)
				lossSum += lse - float64(f[y])
				count[y]++
				if arg == y {
					correct[y]++
				}
				continue
			}
			for c := 0; c < C; c++ {
				e := float64(f[c]) - float64(d.Y[r*C+c])
				lossSum += 0.5 * e * e
				p := float64(f[c])
				if m.YNorm != nil {
					p = m.YNorm.Invert(p, c)
				}
				ev.pred[(lo+i)*C+c] = p
				ev.truth[(lo+i)*C+c] = d.YRaw[r*C+c]
			}
		}
	}
	rep.ValLoss = lossSum / float64(len(ev.rows))
	if classifier {
		var hits, classes int
		var bal float64
		for c := range count {
			hits += correct[c]
			if count[c] > 0 {
				bal += float64(correct[c]) / float64(count[c])
				classes++
			}
		}
		rep.ValAcc = float64(hits) / float64(len(ev.rows))
		rep.ValBalAcc = bal / float64(max(classes, 1))
		return
	}
	rep.ValR2 = R2(ev.pred, ev.truth)
}
