package model_test

import (
	"fmt"
	"math"
	"os"
	"path/filepath"

	"github.com/edgetrain/edgetrain/core"
	"github.com/edgetrain/edgetrain/simd"
	"github.com/edgetrain/edgetrain/tinynet"
	"github.com/edgetrain/edgetrain/tinynet/model"
)

// Train a small regression model with exact NGD, save it, load it back (as another
// program would) and predict one new row.
func Example() {
	// 64 rows of two features (a temperature in °C, a humidity in %) and a target.
	const rows = 64
	x := make([]float64, rows*2)
	y := make([]float64, rows)
	for i := range rows {
		temp, hum := 10+float64(i%8)*2, 30+float64(i/8)*5
		x[2*i], x[2*i+1] = temp, hum
		y[i] = 0.5*temp - 0.1*hum + 3
	}

	// The model: a 2-16-1 tanh network, the column names, the normalization fitted on
	// the training rows.
	net := tinynet.New(tinynet.Spec{Widths: []int{2, 16, 1}, Activation: simd.Tanh, SigmaW: 1, SigmaB: 0.1})
	net.Init(1)
	m := &model.Model{Net: net, Task: tinynet.MSE, Method: "exact",
		Features: []string{"temp, °C", "humidity"}, Targets: []string{"dew index"},
		XNorm: model.FitNorm(x, rows, 2), YNorm: model.FitNorm(y, rows, 1)}

	// Training sees the inputs mapped the way prediction will map them.
	xs := make([]float32, rows*2)
	ys := make([]float32, rows)
	m.MapInputs(xs, x, rows, nil)
	m.YNorm.Apply(ys, y, rows)
	tr, err := core.New(net, rows, core.Defaults(core.Exact, tinynet.MSE))
	if err != nil {
		panic(err)
	}
	for range 20 {
		if _, err := tr.Step(xs, ys, rows); err != nil {
			panic(err)
		}
	}
	m.Step = tr.Steps()

	dir, err := os.MkdirTemp("", "model-example")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "dew.safetensors")
	if err := model.Save(path, m); err != nil {
		panic(err)
	}

	loaded, err := model.Load(path)
	if err != nil {
		panic(err)
	}
	p := model.NewPredictor(loaded, 1)
	out := make([]float64, 1)
	p.PredictRow(out, []float64{15, 42}) // a row training did not see: 0.5·15 − 0.1·42 + 3 = 6.3
	fmt.Println("features:", loaded.Features)
	fmt.Println("widths:", loaded.Net.Spec.WidthsString(), "steps:", loaded.Step)
	fmt.Println("within 0.1 of 6.3:", math.Abs(out[0]-6.3) < 0.1)
	// Output:
	// features: [temp, °C humidity]
	// widths: 2,16,1 steps: 20
	// within 0.1 of 6.3: true
}

// A classifier's predictions are class probabilities.
func ExamplePredictor_Predict() {
	net := tinynet.New(tinynet.Spec{Widths: []int{1, 3}, Activation: simd.Identity, SigmaW: 1})
	copy(net.W[0].Data, []float32{-2, 0, 2}) // logits −2x, 0, 2x
	m := &model.Model{Net: net, Task: tinynet.SoftmaxCE}

	p := model.NewPredictor(m, 8)
	x := []float64{-1, 0, 1}
	prob := make([]float64, len(x)*3)
	p.Predict(prob, x, len(x))
	for i := range x {
		fmt.Printf("x=%+g: p=%.2f\n", x[i], prob[3*i:3*i+3])
	}
	// Output:
	// x=-1: p=[0.87 0.12 0.02]
	// x=+0: p=[0.33 0.33 0.33]
	// x=+1: p=[0.02 0.12 0.87]
}
