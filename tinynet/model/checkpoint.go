package model

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/edgetrain/edgetrain/simd"
	"github.com/edgetrain/edgetrain/tinynet"
)

// FormatVersion is the checkpoint layout this package writes. Version 1 (comma-joined
// name lists, the Forster map as norm.forster) is still read.
const FormatVersion = 2

// Checkpoint tensor and metadata names.
const (
	tensorXMean    = "norm.x_mean"
	tensorXStd     = "norm.x_std"
	tensorYMean    = "norm.y_mean"
	tensorYStd     = "norm.y_std"
	tensorImpute   = "impute.x"
	tensorForster  = "forster.map"
	tensorForster1 = "norm.forster" // format version 1
	optimPrefix    = "optim."
)

func weightName(l int) string { return "layers." + strconv.Itoa(l-1) + ".weight" }
func biasName(l int) string   { return "layers." + strconv.Itoa(l-1) + ".bias" }

// modulePath is this module; its version, when the binary records one, is the producer's.
const modulePath = "github.com/edgetrain/edgetrain"

// DefaultProducer returns "edgetrain <version>", the version of this module in the
// running binary as its build information records it ("(devel)" for a local build).
func DefaultProducer() string {
	v := "(devel)"
	if bi, ok := debug.ReadBuildInfo(); ok {
		if bi.Main.Path == modulePath && bi.Main.Version != "" {
			v = bi.Main.Version
		}
		for _, d := range bi.Deps {
			if d.Path == modulePath && d.Version != "" {
				v = d.Version
			}
		}
	}
	return "edgetrain " + v
}

// Save writes m as a checkpoint at path, atomically: a reader or a crash sees the old
// file or the complete new one, never a part. See the package documentation for the
// format. A model that does not Validate is refused before anything is written.
func Save(path string, m *Model) error {
	if err := m.Validate(); err != nil {
		return err
	}
	return writeFileAtomic(path, func(w io.Writer) error { return m.write(w) })
}

// Write writes m as a checkpoint to w (Save without the file handling).
func Write(w io.Writer, m *Model) error {
	if err := m.Validate(); err != nil {
		return err
	}
	return m.write(w)
}

func (m *Model) write(w io.Writer) error {
	return tinynet.WriteSafetensors(w, m.tensors(), m.metadata())
}

// tensors lists the checkpoint tensors of m.
func (m *Model) tensors() []tinynet.Tensor {
	s := m.Net.Spec
	var ts []tinynet.Tensor
	for l := 1; l <= s.Layers(); l++ {
		in, out := s.Widths[l-1], s.Widths[l]
		w := make([]float64, in*out)
		b := make([]float64, out)
		m.Net.EffectiveWeights(l, w, b)
		ts = append(ts,
			tinynet.Tensor{Name: weightName(l), Shape: []int{out, in}, Data: w},
			tinynet.Tensor{Name: biasName(l), Shape: []int{out}, Data: b})
	}
	if m.XNorm != nil {
		ts = append(ts,
			tinynet.Tensor{Name: tensorXMean, Shape: []int{len(m.XNorm.Mean)}, Data: m.XNorm.Mean},
			tinynet.Tensor{Name: tensorXStd, Shape: []int{len(m.XNorm.Std)}, Data: m.XNorm.Std})
	}
	if m.YNorm != nil {
		ts = append(ts,
			tinynet.Tensor{Name: tensorYMean, Shape: []int{len(m.YNorm.Mean)}, Data: m.YNorm.Mean},
			tinynet.Tensor{Name: tensorYStd, Shape: []int{len(m.YNorm.Std)}, Data: m.YNorm.Std})
	}
	if m.Impute != nil {
		ts = append(ts, tinynet.Tensor{Name: tensorImpute, Shape: []int{len(m.Impute)}, Data: m.Impute})
	}
	if m.Forster != nil {
		n := s.Inputs()
		ts = append(ts, tinynet.Tensor{Name: tensorForster, Shape: []int{n, n}, Data: m.Forster})
	}
	for _, t := range m.Optim {
		ts = append(ts, tinynet.Tensor{Name: optimPrefix + t.Name, Shape: t.Shape, Data32: t.Data})
	}
	return ts
}

// encodeList encodes names as a JSON array, which every valid UTF-8 name survives
// (commas, quotes, brackets, newlines included).
func encodeList(names []string) string {
	if names == nil {
		names = []string{}
	}
	b, err := json.Marshal(names)
	if err != nil { // cannot happen for a []string
		panic(err)
	}
	return string(b)
}

func (m *Model) metadata() map[string]string {
	s := m.Net.Spec
	producer := m.Producer
	if producer == "" {
		producer = DefaultProducer()
	}
	return map[string]string{
		"format_version":   strconv.Itoa(FormatVersion),
		"producer":         producer,
		"activation":       s.Activation.String(),
		"widths":           s.WidthsString(),
		"parameterization": "ntk",
		"sigma_w":          strconv.FormatFloat(float64(s.SigmaW), 'g', -1, 32),
		"sigma_b":          strconv.FormatFloat(float64(s.SigmaB), 'g', -1, 32),
		"task":             m.Task.String(),
		"method":           m.Method,
		"step":             strconv.Itoa(m.Step),
		"features":         encodeList(m.Features),
		"targets":          encodeList(m.Targets),
	}
}

// Load reads the checkpoint at path. It reads the file by sections: the header first,
// whose every length, offset and shape is checked against the file's size and against
// the network the metadata describes before anything is allocated for the tensors; then
// the data's CRC; then the tensors one at a time. The values are checked as Validate
// does (no NaN or infinite weight, no zero, negative or denormal standard deviation).
// Errors wrap tinynet.ErrBadCheckpoint and start with path.
func Load(path string) (*Model, error) { return LoadWithin(path, DefaultLoadBytes) }

// DefaultLoadBytes is the memory Load lets a checkpoint's network and optimizer state take.
const DefaultLoadBytes = 1 << 30

// MaxHeaderBytes bounds a checkpoint's JSON header. Edgetrain's headers hold the tensor
// table and the column names, a few kilobytes; the bound keeps a hostile length from
// making the loader read and parse a huge buffer.
const MaxHeaderBytes = 16 << 20

// LoadWithin is Load with a bound on the bytes the loaded model takes (its float32
// network and optimizer state, and the staging for the largest tensor): a checkpoint
// over it is refused after its header is read, before anything is allocated for it.
func LoadWithin(path string, maxBytes int64) (*Model, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("%s: %w: not a regular file", path, tinynet.ErrBadCheckpoint)
	}
	m, err := ReadWithin(f, fi.Size(), maxBytes)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return m, nil
}

// Read reads a checkpoint of size bytes from r, as Load does.
func Read(r io.ReaderAt, size int64) (*Model, error) { return ReadWithin(r, size, DefaultLoadBytes) }

// ReadWithin reads a checkpoint of size bytes from r, as LoadWithin does.
func ReadWithin(r io.ReaderAt, size, maxBytes int64) (*Model, error) {
	var lenBuf [8]byte
	if size >= 8 {
		if _, err := r.ReadAt(lenBuf[:], 0); err != nil {
			return nil, fmt.Errorf("%w: reading the header length: %v", tinynet.ErrBadCheckpoint, err)
		}
		if n := binary.LittleEndian.Uint64(lenBuf[:]); n > MaxHeaderBytes {
			return nil, fmt.Errorf("%w: header length %d is over the limit of %d bytes", tinynet.ErrBadCheckpoint, n, MaxHeaderBytes)
		}
	}
	st, err := tinynet.OpenSafetensors(r, size)
	if err != nil {
		return nil, err
	}
	meta := st.Metadata()
	bad := func(format string, a ...any) error {
		return fmt.Errorf("%w: %s", tinynet.ErrBadCheckpoint, fmt.Sprintf(format, a...))
	}
	version := 1
	if v, ok := meta["format_version"]; ok {
		if version, err = strconv.Atoi(v); err != nil || version < 1 {
			return nil, bad("format_version %q is not a positive integer", v)
		}
		if version > FormatVersion {
			return nil, bad("format_version %d is newer than this program reads (%d)", version, FormatVersion)
		}
	}
	spec, err := specFromMetadata(meta)
	if err != nil {
		return nil, bad("%v", err)
	}

	// Every shape is checked before the network is allocated: the tensors tile the file,
	// so a network they match is no larger than the file.
	want := func(name string, shape ...int) error {
		got, ok := st.Shape(name)
		if !ok {
			return bad("tensor %s is missing", name)
		}
		if !equalInts(got, shape) {
			return bad("tensor %s has shape %v, the metadata widths %s say %v", name, got, spec.WidthsString(), shape)
		}
		return nil
	}
	for l := 1; l <= spec.Layers(); l++ {
		if err := want(weightName(l), spec.Widths[l], spec.Widths[l-1]); err != nil {
			return nil, err
		}
		if err := want(biasName(l), spec.Widths[l]); err != nil {
			return nil, err
		}
	}
	if need := loadBytes(st, spec); need > maxBytes {
		return nil, bad("the model takes %d bytes in memory, over the limit of %d", need, maxBytes)
	}
	m := &Model{Method: meta["method"], Producer: meta["producer"]}
	switch meta["task"] {
	case "", "regression":
		m.Task = tinynet.MSE
	case "classification":
		m.Task = tinynet.SoftmaxCE
	default:
		return nil, bad("task %q is neither regression nor classification", meta["task"])
	}
	if s, ok := meta["step"]; ok {
		if m.Step, err = strconv.Atoi(s); err != nil || m.Step < 0 {
			return nil, bad("step %q is not a count", s)
		}
	}
	normShape := func(prefix string, n int) (bool, error) {
		_, okMean := st.Shape(prefix + "_mean")
		_, okStd := st.Shape(prefix + "_std")
		if !okMean && !okStd {
			return false, nil
		}
		if err := want(prefix+"_mean", n); err != nil {
			return false, err
		}
		return true, want(prefix+"_std", n)
	}
	hasX, err := normShape("norm.x", spec.Inputs())
	if err != nil {
		return nil, err
	}
	hasY := false
	if m.Task == tinynet.MSE {
		if hasY, err = normShape("norm.y", spec.Outputs()); err != nil {
			return nil, err
		}
	}
	forster := tensorForster
	if version == 1 {
		forster = tensorForster1
	}
	_, hasImpute := st.Shape(tensorImpute)
	if hasImpute {
		if err := want(tensorImpute, spec.Inputs()); err != nil {
			return nil, err
		}
	}
	_, hasForster := st.Shape(forster)
	if hasForster {
		if err := want(forster, spec.Inputs(), spec.Inputs()); err != nil {
			return nil, err
		}
	}
	if m.Features, err = decodeList(meta, "features", version); err != nil {
		return nil, bad("%v", err)
	}
	if m.Targets, err = decodeList(meta, "targets", version); err != nil {
		return nil, bad("%v", err)
	}
	if err := st.VerifyCRC(); err != nil {
		return nil, err
	}

	m.Net = tinynet.New(spec)
	maxLayer := 0
	for l := 1; l <= spec.Layers(); l++ {
		maxLayer = max(maxLayer, spec.Widths[l]*spec.Widths[l-1])
	}
	w := make([]float64, maxLayer)
	b := make([]float64, spec.MaxWidth())
	for l := 1; l <= spec.Layers(); l++ {
		in, out := spec.Widths[l-1], spec.Widths[l]
		if err := st.Read(weightName(l), w[:in*out]); err != nil {
			return nil, err
		}
		if err := st.Read(biasName(l), b[:out]); err != nil {
			return nil, err
		}
		if err := finite(weightName(l), w[:in*out]); err != nil {
			return nil, bad("%v", err)
		}
		if err := finite(biasName(l), b[:out]); err != nil {
			return nil, bad("%v", err)
		}
		m.Net.SetEffectiveWeights(l, w[:in*out], b[:out])
	}
	read := func(name string, n int) ([]float64, error) {
		v := make([]float64, n)
		return v, st.Read(name, v)
	}
	readNorm := func(prefix string, n int) (*Norm, error) {
		mean, err := read(prefix+"_mean", n)
		if err != nil {
			return nil, err
		}
		std, err := read(prefix+"_std", n)
		return &Norm{Mean: mean, Std: std}, err
	}
	if hasX {
		if m.XNorm, err = readNorm("norm.x", spec.Inputs()); err != nil {
			return nil, err
		}
	}
	if hasY {
		if m.YNorm, err = readNorm("norm.y", spec.Outputs()); err != nil {
			return nil, err
		}
	}
	if hasImpute {
		if m.Impute, err = read(tensorImpute, spec.Inputs()); err != nil {
			return nil, err
		}
	}
	if hasForster {
		if m.Forster, err = read(forster, spec.Inputs()*spec.Inputs()); err != nil {
			return nil, err
		}
	}
	for _, name := range st.Names() {
		if !strings.HasPrefix(name, optimPrefix) {
			continue
		}
		shape, _ := st.Shape(name)
		n := 1
		for _, d := range shape {
			n *= d
		}
		v, err := read(name, n)
		if err != nil {
			return nil, err
		}
		t := Tensor{Name: strings.TrimPrefix(name, optimPrefix), Shape: shape, Data: make([]float32, n)}
		for i, x := range v {
			t.Data[i] = float32(x)
		}
		m.Optim = append(m.Optim, t)
	}
	if err := m.check(); err != nil {
		return nil, bad("%v", err)
	}
	return m, nil
}

// specFromMetadata reads the network description from the checkpoint metadata.
func specFromMetadata(meta map[string]string) (tinynet.Spec, error) {
	var spec tinynet.Spec
	if p, ok := meta["parameterization"]; ok && p != "ntk" {
		return spec, fmt.Errorf("parameterization %q is not supported (only ntk)", p)
	}
	for _, w := range strings.Split(meta["widths"], ",") {
		v, err := strconv.Atoi(strings.TrimSpace(w))
		if err != nil || v <= 0 {
			return spec, fmt.Errorf("metadata widths %q is not a list of positive integers", meta["widths"])
		}
		spec.Widths = append(spec.Widths, v)
	}
	act, ok := simd.ParseActivation(meta["activation"])
	if !ok {
		return spec, fmt.Errorf("unknown activation %q", meta["activation"])
	}
	spec.Activation = act
	sw, err1 := strconv.ParseFloat(meta["sigma_w"], 64)
	sb, err2 := strconv.ParseFloat(meta["sigma_b"], 64)
	if err1 != nil || err2 != nil {
		return spec, fmt.Errorf("sigma_w/sigma_b metadata missing or not numbers")
	}
	spec.SigmaW, spec.SigmaB = float32(sw), float32(sb)
	return spec, spec.Validate()
}

// decodeList reads a name list: a JSON array of strings (format version 2), or names
// joined by commas (version 1, which could not hold a name with a comma).
func decodeList(meta map[string]string, key string, version int) ([]string, error) {
	s := meta[key]
	if s == "" {
		return nil, nil
	}
	if version == 1 {
		return strings.Split(s, ","), nil
	}
	var names []string
	if err := json.Unmarshal([]byte(s), &names); err != nil {
		return nil, fmt.Errorf("metadata %s is not a JSON array of strings: %v", key, err)
	}
	for _, n := range names {
		if !utf8.ValidString(n) {
			return nil, fmt.Errorf("metadata %s holds a name that is not valid UTF-8", key)
		}
	}
	if len(names) == 0 {
		return nil, nil
	}
	return names, nil
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// loadBytes is what Read allocates for the tensors of st once its shapes are checked
// against spec: the float32 network, float64 staging for the largest layer, and every
// other tensor as float64 (optimizer state also as float32). Shapes are bounded by the
// file, so the products do not overflow.
func loadBytes(st *tinynet.SafetensorsFile, spec tinynet.Spec) int64 {
	maxLayer := int64(0)
	for l := 1; l <= spec.Layers(); l++ {
		maxLayer = max(maxLayer, int64(spec.Widths[l])*int64(spec.Widths[l-1]))
	}
	need := int64(spec.Params())*4 + (maxLayer+int64(spec.MaxWidth()))*8
	for _, name := range st.Names() {
		if strings.HasPrefix(name, "layers.") {
			continue
		}
		shape, _ := st.Shape(name)
		n := int64(1)
		for _, d := range shape {
			n *= int64(d)
		}
		need += n * 8
		if strings.HasPrefix(name, optimPrefix) {
			need += n * 4
		}
	}
	return need
}
