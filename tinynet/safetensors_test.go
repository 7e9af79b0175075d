package tinynet

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func stSampleTensors() []Tensor {
	return []Tensor{
		{Name: "layers.0.weight", Shape: []int{2, 3}, Data: []float64{1, -2, 0.5, 3.25, -0.125, 1e-3}},
		{Name: "layers.0.bias", Shape: []int{2}, Data: []float64{0.1, -0.2}},
		{Name: "norm.mean", Shape: []int{}, Data: []float64{7}},
		{Name: "empty", Shape: []int{0, 4}, Data: []float64{}},
		{Name: `quote"and\slash`, Shape: []int{1}, Data: []float64{math.Inf(-1)}},
	}
}

func stWrite(t *testing.T, tensors []Tensor, meta map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, WriteSafetensors(&buf, tensors, meta))
	return buf.Bytes()
}

// stHeader returns the header JSON of a file and where the data buffer begins.
func stHeader(t *testing.T, b []byte) (map[string]json.RawMessage, int) {
	t.Helper()
	n := int(binary.LittleEndian.Uint64(b))
	var h map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(b[8:8+n], &h))
	return h, 8 + n
}

// stRebuild assembles a file from a header text and a data buffer, with a
// correct length field, so tests can craft bad headers.
func stRebuild(header string, data []byte) []byte {
	var b bytes.Buffer
	var n [8]byte
	binary.LittleEndian.PutUint64(n[:], uint64(len(header)))
	b.Write(n[:])
	b.WriteString(header)
	b.Write(data)
	return b.Bytes()
}

func TestSafetensorsRoundTripKeepsValuesShapesAndMetadata(t *testing.T) {
	in := stSampleTensors()
	b := stWrite(t, in, map[string]string{"activation": "tanh", "widths": "3,2"})

	out, meta, err := ReadSafetensors(b)
	require.NoError(t, err)
	require.Len(t, out, len(in))
	// Written in order, so sorted by offset is the input order; the zero-sized
	// tensor shares its offset with the next one and sorts first.
	names := make([]string, len(out))
	byName := map[string]Tensor{}
	for i, o := range out {
		names[i] = o.Name
		byName[o.Name] = o
	}
	assert.Equal(t, []string{"layers.0.weight", "layers.0.bias", "norm.mean", "empty", `quote"and\slash`}, names)
	for _, want := range in {
		got := byName[want.Name]
		assert.Equal(t, want.Shape, got.Shape, want.Name)
		require.Len(t, got.Data, len(want.Data), want.Name)
		for k := range want.Data {
			assert.Equal(t, float64(float32(want.Data[k])), got.Data[k], "%s[%d]", want.Name, k)
		}
	}
	assert.Equal(t, "tanh", meta["activation"])
	assert.Equal(t, "3,2", meta["widths"])
	assert.Regexp(t, `^[0-9a-f]{8}$`, meta["crc32"])
}

func TestSafetensorsWritesF32AndPadsHeaderToEight(t *testing.T) {
	for extra := 0; extra < 9; extra++ { // vary the header length through every residue
		b := stWrite(t, stSampleTensors(), map[string]string{"k": strings.Repeat("x", extra)})
		n := binary.LittleEndian.Uint64(b)
		assert.Zero(t, n%8, "header length %d", n)
		hdr := b[8 : 8+n]
		trimmed := bytes.TrimRight(hdr, " ")
		assert.Equal(t, byte('}'), trimmed[len(trimmed)-1])
		assert.Less(t, len(hdr)-len(trimmed), 8)

		h, start := stHeader(t, b)
		var e struct {
			Dtype   string `json:"dtype"`
			Offsets []int  `json:"data_offsets"`
		}
		require.NoError(t, json.Unmarshal(h["layers.0.weight"], &e))
		assert.Equal(t, "F32", e.Dtype)
		assert.Equal(t, []int{0, 24}, e.Offsets)
		assert.Equal(t, float32(-2), math.Float32frombits(binary.LittleEndian.Uint32(b[start+4:])))
	}
}

func TestSafetensorsCRCIsOfTheDataBuffer(t *testing.T) {
	b := stWrite(t, stSampleTensors(), map[string]string{"crc32": "ignored!"})
	h, start := stHeader(t, b)
	var meta map[string]string
	require.NoError(t, json.Unmarshal(h["__metadata__"], &meta))
	want := crc32.ChecksumIEEE(b[start:])
	assert.Equal(t, fmt.Sprintf("%08x", want), meta["crc32"])
	assert.NotEqual(t, "ignored!", meta["crc32"], "a caller's crc32 is replaced")
}

func TestSafetensorsCRCMismatchIsDetected(t *testing.T) {
	b := stWrite(t, stSampleTensors(), nil)
	_, start := stHeader(t, b)
	for _, at := range []int{start, start + 13, len(b) - 1} {
		c := bytes.Clone(b)
		c[at] ^= 0x10
		_, _, err := ReadSafetensors(c)
		require.ErrorIs(t, err, ErrBadCheckpoint, "flip at %d", at)
		assert.Contains(t, err.Error(), "crc32")
	}
}

func TestSafetensorsMalformedCRCRejected(t *testing.T) {
	data := make([]byte, 4)
	for _, crc := range []string{"ABCDEF01", "1234567", "123456789", "zzzzzzzz"} {
		b := stRebuild(`{"__metadata__":{"crc32":"`+crc+`"},"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}`, data)
		_, _, err := ReadSafetensors(b)
		require.ErrorIs(t, err, ErrBadCheckpoint, crc)
		assert.Contains(t, err.Error(), "hex digits")
	}
}

func TestSafetensorsWithoutCRCIsAccepted(t *testing.T) {
	data := make([]byte, 12)
	binary.LittleEndian.PutUint64(data[4:], math.Float64bits(-1.5))
	b := stRebuild(`{"b":{"dtype":"F64","shape":[],"data_offsets":[4,12]},"a":{"dtype":"F32","shape":[1,1],"data_offsets":[0,4]}}`, data)
	out, meta, err := ReadSafetensors(b)
	require.NoError(t, err)
	assert.Nil(t, meta)
	require.Len(t, out, 2)
	assert.Equal(t, "a", out[0].Name)
	assert.Equal(t, []int{1, 1}, out[0].Shape)
	assert.Equal(t, []float64{0}, out[0].Data)
	assert.Equal(t, "b", out[1].Name)
	assert.Equal(t, []int{}, out[1].Shape)
	assert.Equal(t, []float64{-1.5}, out[1].Data)
}

func TestSafetensorsTruncatedFileRejected(t *testing.T) {
	b := stWrite(t, stSampleTensors(), nil)
	_, start := stHeader(t, b)
	for _, n := range []int{0, 7, 8, 20, start - 1, start, start + 4, len(b) - 1} {
		_, _, err := ReadSafetensors(b[:n])
		require.ErrorIs(t, err, ErrBadCheckpoint, "truncated to %d of %d bytes", n, len(b))
	}
	_, _, err := ReadSafetensors(b[:len(b)-4])
	assert.Contains(t, err.Error(), "not inside")
	_, _, err = ReadSafetensors(append(bytes.Clone(b), 0, 0, 0, 0))
	require.ErrorIs(t, err, ErrBadCheckpoint)
	assert.Contains(t, err.Error(), "trailing bytes")
	_, _, err = ReadSafetensors(b[:20])
	assert.Contains(t, err.Error(), "header length")
}

func TestSafetensorsHugeHeaderLengthRejected(t *testing.T) {
	b := make([]byte, 16)
	binary.LittleEndian.PutUint64(b, math.MaxUint64)
	_, _, err := ReadSafetensors(b)
	require.ErrorIs(t, err, ErrBadCheckpoint)
	assert.Contains(t, err.Error(), "header length")
}

func TestSafetensorsBadHeadersRejected(t *testing.T) {
	data := make([]byte, 8)
	cases := []struct {
		name, header, msg string
	}{
		{"not json", `{"a":`, "JSON"},
		{"array", `[1,2]`, "not a JSON object"},
		{"trailing junk", `{}x`, "after the JSON object"},
		{"offsets past end", `{"a":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}}`, "not inside"},
		{"offsets reversed", `{"a":{"dtype":"F32","shape":[0],"data_offsets":[8,4]}}`, "not inside"},
		{"negative offset", `{"a":{"dtype":"F32","shape":[1],"data_offsets":[-4,0]}}`, "not inside"},
		{"three offsets", `{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8,8]}}`, "want 2"},
		{"size mismatch", `{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,8]}}`, "needs 4 bytes"},
		{"dtype", `{"a":{"dtype":"I32","shape":[2],"data_offsets":[0,8]}}`, `"I32" is not supported`},
		{"missing field", `{"a":{"dtype":"F32","shape":[2]}}`, "needs dtype, shape and data_offsets"},
		{"negative dim", `{"a":{"dtype":"F32","shape":[-2,-1],"data_offsets":[0,8]}}`, "is negative or too large"},
		{"huge dims", `{"a":{"dtype":"F32","shape":[65536,65536,16],"data_offsets":[0,8]}}`, "needs more than"},
		{"fractional dim", `{"a":{"dtype":"F32","shape":[2.5],"data_offsets":[0,8]}}`, "header record"},
		{"overlap", `{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}`, "overlaps"},
		{"gap", `{"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}`, "belong to no tensor"},
		{"short cover", `{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}`, "cover 4"},
		{"duplicate", `{"a":{"dtype":"F64","shape":[1],"data_offsets":[0,8]},"a":{"dtype":"F64","shape":[1],"data_offsets":[0,8]}}`, "appears twice"},
		{"metadata not strings", `{"__metadata__":{"step":3},"a":{"dtype":"F64","shape":[1],"data_offsets":[0,8]}}`, "strings to strings"},
		{"empty name", `{"":{"dtype":"F64","shape":[1],"data_offsets":[0,8]}}`, "empty name"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, _, err := ReadSafetensors(stRebuild(c.header, data))
			require.ErrorIs(t, err, ErrBadCheckpoint)
			assert.Contains(t, err.Error(), c.msg)
			assert.True(t, strings.HasPrefix(err.Error(), "tinynet: bad checkpoint: "), err.Error())
		})
	}
}

func TestSafetensorsWriteRejectsInconsistentTensors(t *testing.T) {
	cases := map[string][]Tensor{
		"length":   {{Name: "a", Shape: []int{2, 2}, Data: []float64{1, 2, 3}}},
		"empty":    {{Name: "", Shape: []int{1}, Data: []float64{1}}},
		"reserved": {{Name: "__metadata__", Shape: []int{1}, Data: []float64{1}}},
		"twice":    {{Name: "a", Shape: []int{1}, Data: []float64{1}}, {Name: "a", Shape: []int{1}, Data: []float64{1}}},
		"negative": {{Name: "a", Shape: []int{-1, -1}, Data: []float64{1}}},
	}
	for name, ts := range cases {
		var buf bytes.Buffer
		err := WriteSafetensors(&buf, ts, nil)
		assert.ErrorIs(t, err, ErrBadCheckpoint, name)
		assert.Zero(t, buf.Len(), "%s: nothing written on error", name)
	}
}

type stFailingWriter struct{ after int }

var errStWrite = errors.New("disk full")

func (w *stFailingWriter) Write(p []byte) (int, error) {
	if w.after < len(p) {
		return 0, errStWrite
	}
	w.after -= len(p)
	return len(p), nil
}

func TestSafetensorsWriteReportsWriterErrors(t *testing.T) {
	big := []Tensor{{Name: "w", Shape: []int{5000}, Data: make([]float64, 5000)}}
	for _, after := range []int{0, 8, 200, 10000} {
		err := WriteSafetensors(&stFailingWriter{after: after}, big, nil)
		assert.ErrorIs(t, err, errStWrite, "fail after %d bytes", after)
	}
}

func TestSafetensorsReadsF64ReferenceVectors(t *testing.T) {
	cases := []struct {
		file        string
		widths      string
		shapes      map[string][]int
		first, last float64 // of layers.0.weight, decoded independently
	}{
		{
			file:   "relu_3-6-5-2_mse.init.safetensors",
			widths: "3,6,5,2",
			shapes: map[string][]int{
				"layers.0.weight": {6, 3}, "layers.0.bias": {6},
				"layers.1.weight": {5, 6}, "layers.1.bias": {5},
				"layers.2.weight": {2, 5}, "layers.2.bias": {2},
			},
			first: 0.1543614398472438, last: -0.4957650479325837,
		},
		{
			file:   "tanh_4-6-6-3_ce.init.safetensors",
			widths: "4,6,6,3",
			shapes: map[string][]int{
				"layers.0.weight": {6, 4}, "layers.0.bias": {6},
				"layers.1.weight": {6, 6}, "layers.1.bias": {6},
				"layers.2.weight": {3, 6}, "layers.2.bias": {3},
			},
			first: -0.4009657126267237, last: -0.2947156290163024,
		},
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join("..", "testdata", "vectors", c.file))
			require.NoError(t, err)
			out, meta, err := ReadSafetensors(b)
			require.NoError(t, err)
			assert.Equal(t, c.widths, meta["widths"])
			assert.Equal(t, "ntk", meta["parameterization"])
			require.Len(t, out, len(c.shapes))
			assert.Equal(t, "layers.0.weight", out[0].Name, "sorted by offset")
			assert.Equal(t, "layers.2.bias", out[len(out)-1].Name, "sorted by offset")
			for _, o := range out {
				assert.Equal(t, c.shapes[o.Name], o.Shape, o.Name)
			}
			w := out[0].Data
			assert.Equal(t, c.first, w[0], "F64 decodes exactly")
			assert.Equal(t, c.last, w[len(w)-1])

			// Saving converts to F32 and stays readable with the same metadata.
			again, meta2, err := ReadSafetensors(stWrite(t, out, meta))
			require.NoError(t, err)
			assert.Equal(t, meta["widths"], meta2["widths"])
			assert.InDelta(t, c.first, again[0].Data[0], 1e-7)
		})
	}
}

func FuzzReadSafetensors(f *testing.F) {
	var buf bytes.Buffer
	if err := WriteSafetensors(&buf, stSampleTensors(), map[string]string{"a": "b"}); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.Bytes())
	f.Add(buf.Bytes()[:buf.Len()/2])
	f.Add(stRebuild(`{"a":{"dtype":"F64","shape":[1],"data_offsets":[0,8]}}`, make([]byte, 8)))
	f.Add(stRebuild(`{"a":{"dtype":"F32","shape":[1073741824,4],"data_offsets":[0,8]}}`, make([]byte, 8)))
	f.Add([]byte{})
	if b, err := os.ReadFile(filepath.Join("..", "testdata", "vectors", "relu_3-6-5-2_mse.init.safetensors")); err == nil {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		out, _, err := ReadSafetensors(b)
		if err != nil {
			if !errors.Is(err, ErrBadCheckpoint) {
				t.Fatalf("error does not wrap ErrBadCheckpoint: %v", err)
			}
			return
		}
		total := 0
		for _, o := range out {
			n := 1
			for _, d := range o.Shape {
				n *= d
			}
			if n != len(o.Data) {
				t.Fatalf("tensor %q: shape %v but %d values", o.Name, o.Shape, len(o.Data))
			}
			total += len(o.Data)
		}
		if total > len(b)/4 {
			t.Fatalf("%d values decoded from %d bytes", total, len(b))
		}
	})
}
