package model

import (
	"bytes"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/edgetrain/edgetrain/simd"
	"github.com/edgetrain/edgetrain/tinynet"
)

// sampleModel is a small regression model with every optional part set.
func sampleModel() *Model {
	spec := tinynet.Spec{Widths: []int{3, 5, 2}, Activation: simd.Tanh, SigmaW: 1, SigmaB: 0.1}
	net := tinynet.New(spec)
	net.Init(3)
	for i := range net.B[0] {
		net.B[0][i] = 0.25 * float32(i)
	}
	return &Model{
		Net:      net,
		Task:     tinynet.MSE,
		Features: []string{"a", "b", "c"},
		Targets:  []string{"y0", "y1"},
		XNorm:    &Norm{Mean: []float64{1, 2, 3}, Std: []float64{0.5, 1, 2}},
		YNorm:    &Norm{Mean: []float64{10, -10}, Std: []float64{3, 4}},
		Forster:  []float64{1, 0.5, 0, 0, 1, 0.25, 0.125, 0, 1},
		Method:   "exact",
		Step:     42,
		Producer: "test",
		Optim:    []Tensor{{Name: "adam.m", Shape: []int{2, 2}, Data: []float32{1, -2, 3.5, 0}}},
	}
}

func saveLoad(t *testing.T, m *Model) *Model {
	t.Helper()
	path := filepath.Join(t.TempDir(), "m.safetensors")
	require.NoError(t, Save(path, m))
	got, err := Load(path)
	require.NoError(t, err)
	return got
}

func TestSaveLoadRoundTripKeepsEveryPart(t *testing.T) {
	m := sampleModel()
	got := saveLoad(t, m)
	assert.Equal(t, m.Net.Spec, got.Net.Spec)
	assert.InDeltaSlice(t, m.Net.Params, got.Net.Params, 1e-6) // effective weights are stored
	got.Net = m.Net
	assert.Equal(t, m, got)
}

func TestSaveLoadRoundTripsAnyValidUTF8Name(t *testing.T) {
	m := sampleModel()
	m.Features = []string{"a,b", `say "hi"`, "[\"x\",\n\t]\\ é ∑ 🙂"}
	m.Targets = []string{",", ""}
	got := saveLoad(t, m)
	assert.Equal(t, m.Features, got.Features)
	assert.Equal(t, m.Targets, got.Targets)
}

func TestSaveRefusesANameThatIsNotUTF8AndWritesNothing(t *testing.T) {
	m := sampleModel()
	m.Features[1] = "temp\xff"
	path := filepath.Join(t.TempDir(), "m.safetensors")
	err := Save(path, m)
	require.ErrorIs(t, err, ErrBadModel)
	assert.Contains(t, err.Error(), "not valid UTF-8")
	assert.NoFileExists(t, path)
}

func TestLoadReadsFormatVersion1(t *testing.T) {
	// What the CLI wrote before format version 2: comma-joined lists, norm.forster.
	m := sampleModel()
	ts := m.tensors()
	for i := range ts {
		if ts[i].Name == tensorForster {
			ts[i].Name = tensorForster1
		}
	}
	ts = ts[:len(ts)-1] // no optimizer state in version 1
	meta := m.metadata()
	meta["format_version"] = "1"
	meta["features"], meta["targets"] = "a,b,c", "y0,y1"
	delete(meta, "producer")
	var buf bytes.Buffer
	require.NoError(t, tinynet.WriteSafetensors(&buf, ts, meta))
	got, err := Read(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	require.NoError(t, err)
	assert.Equal(t, []string{"a", "b", "c"}, got.Features)
	assert.Equal(t, []string{"y0", "y1"}, got.Targets)
	assert.Equal(t, m.Forster, got.Forster)
}

// corrupt writes m, lets edit change its tensors or metadata, and loads the result.
func corrupt(t *testing.T, m *Model, edit func(ts []tinynet.Tensor, meta map[string]string) []tinynet.Tensor) error {
	t.Helper()
	ts, meta := m.tensors(), m.metadata()
	ts = edit(ts, meta)
	var buf bytes.Buffer
	require.NoError(t, tinynet.WriteSafetensors(&buf, ts, meta))
	_, err := Read(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	return err
}

func setValue(name string, i int, v float64) func([]tinynet.Tensor, map[string]string) []tinynet.Tensor {
	return func(ts []tinynet.Tensor, _ map[string]string) []tinynet.Tensor {
		for k := range ts {
			if ts[k].Name == name {
				if ts[k].Data == nil { // float32 state: rewrite it as float64 values
					for _, x := range ts[k].Data32 {
						ts[k].Data = append(ts[k].Data, float64(x))
					}
					ts[k].Data32 = nil
				}
				ts[k].Data = append([]float64(nil), ts[k].Data...)
				ts[k].Data[i] = v
			}
		}
		return ts
	}
}

func TestLoadRejectsValuesThatWouldPredictNaN(t *testing.T) {
	cases := []struct {
		tensor string
		index  int
		value  float64
		want   string
	}{
		{"layers.0.weight", 4, math.NaN(), "layers.0.weight[4] is NaN"},
		{"layers.1.bias", 1, math.Inf(1), "layers.1.bias[1] is +Inf"},
		{"norm.x_std", 0, 0, "norm.x_std[0] is 0"},
		{"norm.x_std", 2, -1, "norm.x_std[2] is -1"},
		{"norm.y_std", 1, math.NaN(), "norm.y_std[1] is NaN"},
		{"norm.y_std", 1, 1e-40, "norm.y_std[1] is 9.9999"},
		{"norm.x_mean", 1, math.Inf(-1), "norm.x_mean[1] is -Inf"},
		{"forster.map", 3, math.NaN(), "forster.map[3] is NaN"},
		{"optim.adam.m", 0, math.NaN(), "optim.adam.m[0] is NaN"},
	}
	for _, c := range cases {
		t.Run(c.want, func(t *testing.T) {
			err := corrupt(t, sampleModel(), setValue(c.tensor, c.index, c.value))
			require.ErrorIs(t, err, tinynet.ErrBadCheckpoint)
			assert.Contains(t, err.Error(), c.want)
		})
	}
}

func TestLoadRejectsShapesThatDisagreeWithTheMetadata(t *testing.T) {
	err := corrupt(t, sampleModel(), func(ts []tinynet.Tensor, meta map[string]string) []tinynet.Tensor {
		meta["widths"] = "3,6,2"
		return ts
	})
	require.ErrorIs(t, err, tinynet.ErrBadCheckpoint)
	assert.Contains(t, err.Error(), "layers.0.weight has shape [5 3], the metadata widths 3,6,2 say [6 3]")

	err = corrupt(t, sampleModel(), func(ts []tinynet.Tensor, meta map[string]string) []tinynet.Tensor {
		meta["features"] = `["a","b"]`
		return ts
	})
	assert.ErrorContains(t, err, "2 feature names for 3 inputs")
}

func TestLoadRejectsHugeDeclaredWidthsWithoutAllocatingThem(t *testing.T) {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	err := corrupt(t, sampleModel(), func(ts []tinynet.Tensor, meta map[string]string) []tinynet.Tensor {
		meta["widths"] = "3,2000000000,2" // 6e9 weights of layer 0 if believed
		return ts
	})
	runtime.ReadMemStats(&after)
	require.ErrorIs(t, err, tinynet.ErrBadCheckpoint)
	assert.Contains(t, err.Error(), "has shape [5 3]")
	assert.Less(t, after.TotalAlloc-before.TotalAlloc, uint64(1<<20))
}

func TestLoadRejectsTruncatedFiles(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, Write(&buf, sampleModel()))
	b := buf.Bytes()
	for _, n := range []int{0, 4, 8, 100, len(b) / 2, len(b) - 1} {
		_, err := Read(bytes.NewReader(b[:n]), int64(n))
		assert.ErrorIs(t, err, tinynet.ErrBadCheckpoint, "truncated to %d of %d bytes", n, len(b))
	}
	path := filepath.Join(t.TempDir(), "cut.safetensors")
	require.NoError(t, os.WriteFile(path, b[:len(b)-4], 0o644))
	_, err := Load(path)
	require.ErrorIs(t, err, tinynet.ErrBadCheckpoint)
	assert.Contains(t, err.Error(), path+": ")
}

func TestLoadRejectsAFlippedDataBit(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, Write(&buf, sampleModel()))
	b := buf.Bytes()
	b[len(b)-5] ^= 1
	_, err := Read(bytes.NewReader(b), int64(len(b)))
	require.ErrorIs(t, err, tinynet.ErrBadCheckpoint)
	assert.Contains(t, err.Error(), "crc32")
}

func TestSaveFillsInTheProducer(t *testing.T) {
	m := sampleModel()
	m.Producer = ""
	got := saveLoad(t, m)
	assert.Regexp(t, `^edgetrain \S+$`, got.Producer)
	assert.Equal(t, "", m.Producer, "Save does not change the model")
}

func randomRows(rows, cols int, seed uint64) []float64 {
	r := rand.New(rand.NewPCG(seed, 1))
	x := make([]float64, rows*cols)
	for i := range x {
		x[i] = 5 * r.NormFloat64()
	}
	return x
}
