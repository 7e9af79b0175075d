package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/edgetrain/edgetrain/simd"
	"github.com/edgetrain/edgetrain/tinynet"
)

// Model is what a checkpoint holds: the network, the task, and the normalization and
// column names needed to use it on new rows.
type Model struct {
	Net      *tinynet.Net
	Task     tinynet.Loss
	Features []string // feature column names, in input order
	Targets  []string // regression target column names, or the one label column
	XNorm    *Standardizer
	YNorm    *Standardizer // regression only
	Method   string
	Step     int
	// Forster is an optional M0×M0 input map applied after normalization (row-major).
	Forster []float64
}

const formatVersion = "1"

// tensors lists the checkpoint tensors of m (DESIGN.md §7).
func (m *Model) tensors() []tinynet.Tensor {
	s := m.Net.Spec
	var ts []tinynet.Tensor
	for l := 1; l <= s.Layers(); l++ {
		in, out := s.Widths[l-1], s.Widths[l]
		w := make([]float64, in*out)
		b := make([]float64, out)
		m.Net.EffectiveWeights(l, w, b)
		ts = append(ts,
			tinynet.Tensor{Name: fmt.Sprintf("layers.%d.weight", l-1), Shape: []int{out, in}, Data: w},
			tinynet.Tensor{Name: fmt.Sprintf("layers.%d.bias", l-1), Shape: []int{out}, Data: b})
	}
	if m.XNorm != nil {
		ts = append(ts,
			tinynet.Tensor{Name: "norm.x_mean", Shape: []int{len(m.XNorm.Mean)}, Data: m.XNorm.Mean},
			tinynet.Tensor{Name: "norm.x_std", Shape: []int{len(m.XNorm.Std)}, Data: m.XNorm.Std})
	}
	if m.YNorm != nil {
		ts = append(ts,
			tinynet.Tensor{Name: "norm.y_mean", Shape: []int{len(m.YNorm.Mean)}, Data: m.YNorm.Mean},
			tinynet.Tensor{Name: "norm.y_std", Shape: []int{len(m.YNorm.Std)}, Data: m.YNorm.Std})
	}
	if m.Forster != nil {
		n := s.Widths[0]
		ts = append(ts, tinynet.Tensor{Name: "norm.forster", Shape: []int{n, n}, Data: m.Forster})
	}
	return ts
}

func (m *Model) metadata() map[string]string {
	s := m.Net.Spec
	return map[string]string{
		"activation":       s.Activation.String(),
		"widths":           s.WidthsString(),
		"parameterization": "ntk",
		"sigma_w":          strconv.FormatFloat(float64(s.SigmaW), 'g', -1, 32),
		"sigma_b":          strconv.FormatFloat(float64(s.SigmaB), 'g', -1, 32),
		"task":             m.Task.String(),
		"method":           m.Method,
		"step":             strconv.Itoa(m.Step),
		"format_version":   formatVersion,
		"features":         strings.Join(m.Features, ","),
		"targets":          strings.Join(m.Targets, ","),
	}
}

// SaveModel writes m as a safetensors checkpoint, atomically.
func SaveModel(path string, m *Model) error {
	var buf bytes.Buffer
	if err := tinynet.WriteSafetensors(&buf, m.tensors(), m.metadata()); err != nil {
		return err
	}
	return WriteFileAtomic(path, func(w io.Writer) error {
		_, err := w.Write(buf.Bytes())
		return err
	})
}

// LoadModel reads a checkpoint written by SaveModel (or any file with the same tensors and
// metadata, F32 or F64).
func LoadModel(path string) (*Model, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	ts, meta, err := tinynet.ReadSafetensors(b)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	bad := func(format string, a ...any) error {
		return fmt.Errorf("%s: %w: %s", path, tinynet.ErrBadCheckpoint, fmt.Sprintf(format, a...))
	}
	if p, ok := meta["parameterization"]; ok && p != "ntk" {
		return nil, bad("parameterization %q is not supported (only ntk)", p)
	}
	var spec tinynet.Spec
	for _, w := range strings.Split(meta["widths"], ",") {
		v, err := strconv.Atoi(strings.TrimSpace(w))
		if err != nil || v <= 0 {
			return nil, bad("metadata widths %q is not a list of positive integers", meta["widths"])
		}
		spec.Widths = append(spec.Widths, v)
	}
	act, ok := simd.ParseActivation(meta["activation"])
	if !ok {
		return nil, bad("unknown activation %q", meta["activation"])
	}
	spec.Activation = act
	sw, err1 := strconv.ParseFloat(meta["sigma_w"], 64)
	sb, err2 := strconv.ParseFloat(meta["sigma_b"], 64)
	if err1 != nil || err2 != nil {
		return nil, bad("sigma_w/sigma_b metadata missing or not numbers")
	}
	spec.SigmaW, spec.SigmaB = float32(sw), float32(sb)
	if err := spec.Validate(); err != nil {
		return nil, bad("%v", err)
	}
	byName := map[string]tinynet.Tensor{}
	for _, t := range ts {
		byName[t.Name] = t
	}
	m := &Model{Net: tinynet.New(spec), Method: meta["method"]}
	if meta["task"] == "classification" {
		m.Task = tinynet.SoftmaxCE
	}
	m.Step, _ = strconv.Atoi(meta["step"])
	for l := 1; l <= spec.Layers(); l++ {
		in, out := spec.Widths[l-1], spec.Widths[l]
		w, okw := byName[fmt.Sprintf("layers.%d.weight", l-1)]
		b, okb := byName[fmt.Sprintf("layers.%d.bias", l-1)]
		if !okw || !okb {
			return nil, bad("layer %d weight or bias missing", l-1)
		}
		if len(w.Shape) != 2 || w.Shape[0] != out || w.Shape[1] != in || len(b.Shape) != 1 || b.Shape[0] != out {
			return nil, bad("layer %d has shape %v/%v, widths say [%d %d]/[%d]", l-1, w.Shape, b.Shape, out, in, out)
		}
		m.Net.SetEffectiveWeights(l, w.Data, b.Data)
	}
	norm := func(prefix string, n int) (*Standardizer, error) {
		mean, ok1 := byName[prefix+"_mean"]
		std, ok2 := byName[prefix+"_std"]
		if !ok1 && !ok2 {
			return nil, nil
		}
		if !ok1 || !ok2 || len(mean.Data) != n || len(std.Data) != n {
			return nil, bad("%s_mean/%s_std must both hold %d values", prefix, prefix, n)
		}
		return &Standardizer{Mean: mean.Data, Std: std.Data}, nil
	}
	if m.XNorm, err = norm("norm.x", spec.Inputs()); err != nil {
		return nil, err
	}
	if m.Task == tinynet.MSE {
		if m.YNorm, err = norm("norm.y", spec.Outputs()); err != nil {
			return nil, err
		}
	}
	if f, ok := byName["norm.forster"]; ok {
		if len(f.Data) != spec.Inputs()*spec.Inputs() {
			return nil, bad("norm.forster must be %d×%d", spec.Inputs(), spec.Inputs())
		}
		m.Forster = f.Data
	}
	if s := meta["features"]; s != "" {
		m.Features = strings.Split(s, ",")
		if len(m.Features) != spec.Inputs() {
			return nil, bad("metadata lists %d features, the network has %d inputs", len(m.Features), spec.Inputs())
		}
	}
	if s := meta["targets"]; s != "" {
		m.Targets = strings.Split(s, ",")
	}
	return m, nil
}
