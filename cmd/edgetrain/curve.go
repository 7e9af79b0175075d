package main

import (
	"fmt"
	"io"
	"strconv"

	"github.com/edgetrain/edgetrain/tinynet"
	"github.com/edgetrain/edgetrain/tinynet/model"
)

// writeCurve writes the learning curve of a run to path, atomically: one CSV row per
// evaluation, from step 0,
//
//	step,seconds,train_loss,val_loss,val_r2|val_acc,eta,rho,alpha,cos
//
// train_loss, eta, alpha and cos are means over the accepted steps since the previous
// evaluation, rho the damping at the evaluation. A cell is empty where the figure does not
// apply: no steps yet (step 0), no validation rows, a first-order method (rho, alpha, cos),
// no step-size diagnostics.
func writeCurve(path string, task tinynet.Loss, rows []evalReport) error {
	metric := "val_r2"
	if task == tinynet.SoftmaxCE {
		metric = "val_acc"
	}
	err := model.WriteFileAtomic(path, func(w io.Writer) error {
		if _, err := fmt.Fprintf(w, "step,seconds,train_loss,val_loss,%s,eta,rho,alpha,cos\n", metric); err != nil {
			return err
		}
		var b []byte
		for _, r := range rows {
			b = strconv.AppendInt(b[:0], int64(r.Step), 10)
			b = appendCell(b, r.Seconds, true)
			b = appendCell(b, r.TrainLoss, r.hasTrain)
			b = appendCell(b, r.ValLoss, r.hasVal)
			if r.classifier {
				b = appendCell(b, r.ValAcc, r.hasVal)
			} else {
				b = appendCell(b, r.ValR2, r.hasVal)
			}
			b = appendCell(b, r.LR, r.hasTrain)
			b = appendCell(b, r.Damping, r.hasTrain && r.ngd)
			b = appendCell(b, r.Alpha, r.hasDiag)
			b = appendCell(b, r.Cos, r.hasDiag)
			b = append(b, '\n')
			if _, err := w.Write(b); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("%w: --curve: %v", errInput, err)
	}
	return nil
}

// appendCell appends ",v", or "," when the value does not apply.
func appendCell(b []byte, v float64, ok bool) []byte {
	b = append(b, ',')
	if !ok {
		return b
	}
	return strconv.AppendFloat(b, v, 'g', 8, 64)
}
