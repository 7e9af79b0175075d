package main

import (
	"math"
)

// R2 returns the coefficient of determination 1 − Σ(p−t)²/Σ(t−mean t)² over
// all values. When truth is constant it returns 1 for an exact prediction and
// 0 otherwise (as scikit-learn does); with no values it returns NaN.
func R2(pred, truth []float64) float64 {
	if len(pred) != len(truth) {
		panic("edgetrain: R2: pred and truth differ in length")
	}
	if len(truth) == 0 {
		return math.NaN()
	}
	var mean float64
	for _, t := range truth {
		mean += t
	}
	mean /= float64(len(truth))
	var res, tot float64
	for i, t := range truth {
		e := pred[i] - t
		res += e * e
		d := t - mean
		tot += d * d
	}
	if tot == 0 {
		if res == 0 {
			return 1
		}
		return 0
	}
	return 1 - res/tot
}

// RMSE returns √(mean (p−t)²); NaN with no values.
func RMSE(pred, truth []float64) float64 {
	var s float64
	for i, t := range truth {
		e := pred[i] - t
		s += e * e
	}
	return math.Sqrt(s / float64(len(truth)))
}

// MAE returns mean |p−t|; NaN with no values.
func MAE(pred, truth []float64) float64 {
	var s float64
	for i, t := range truth {
		s += math.Abs(pred[i] - t)
	}
	return s / float64(len(truth))
}

// ClassScores are the figures of a classifier on labelled rows.
type ClassScores struct {
	Accuracy         float64 `json:"accuracy"`
	BalancedAccuracy float64 `json:"balanced_accuracy"` // mean recall over the classes present
	LogLoss          float64 `json:"log_loss"`          // mean −ln p(true class), p floored at 1e-15
	Confusion        [][]int `json:"confusion"`         // [true class][predicted class]
}

// logLossFloor keeps the log-loss of a confident mistake finite.
const logLossFloor = 1e-15

// scoreClasses scores class probabilities prob (rows×K, row-major) against labels
// 0..K−1. The predicted class is the first most probable one.
func scoreClasses(prob []float64, labels []int, K int) ClassScores {
	s := ClassScores{Confusion: make([][]int, K)}
	for c := range s.Confusion {
		s.Confusion[c] = make([]int, K)
	}
	var ll float64
	hits := 0
	for i, y := range labels {
		p := prob[i*K : (i+1)*K]
		k := argmax(p)
		s.Confusion[y][k]++
		if k == y {
			hits++
		}
		ll -= math.Log(math.Max(p[y], logLossFloor))
	}
	n := float64(len(labels))
	s.Accuracy, s.LogLoss = float64(hits)/n, ll/n
	var recall float64
	present := 0
	for c, row := range s.Confusion {
		total := 0
		for _, v := range row {
			total += v
		}
		if total > 0 {
			recall += float64(row[c]) / float64(total)
			present++
		}
	}
	s.BalancedAccuracy = recall / float64(max(present, 1))
	return s
}
