package tinynet

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"math"
	"sort"
	"strconv"
)

// Tensor is one named array of a safetensors file. Data holds the values in
// row-major order; len(Data) is the product of Shape (1 for a scalar, Shape = []).
// F32 and F64 tensors both decode into Data (every float32 is exact in float64).
// For writing, float32 values may be given in Data32 instead (Data nil), which
// WriteSafetensors stores as they are, without a float64 copy.
type Tensor struct {
	Name   string
	Shape  []int
	Data   []float64
	Data32 []float32
}

// values returns the number of values t holds.
func (t *Tensor) values() int {
	if t.Data == nil {
		return len(t.Data32)
	}
	return len(t.Data)
}

// ErrBadCheckpoint is wrapped by every error of ReadSafetensors and by the
// errors WriteSafetensors returns for tensors it cannot store.
var ErrBadCheckpoint = errors.New("tinynet: bad checkpoint")

// stMetadataKey is the header entry holding the string-to-string metadata.
const stMetadataKey = "__metadata__"

// stCRCKey is the metadata key holding the CRC-32 of the data buffer.
const stCRCKey = "crc32"

// stMaxHeader bounds the JSON header, as the reference implementation does
// (100 MB), so a corrupt length cannot make the reader parse a huge buffer.
const stMaxHeader = 100 << 20

// stHeaderEntry is one tensor's header record. Pointers tell a missing field
// from a zero one.
type stHeaderEntry struct {
	Dtype   *string  `json:"dtype"`
	Shape   *[]int64 `json:"shape"`
	Offsets *[]int64 `json:"data_offsets"`
}

// WriteSafetensors writes tensors in the given order as F32 little-endian
// values into one safetensors file: an 8-byte little-endian header length, a JSON
// header padded with spaces to a multiple of 8 bytes, then the data buffer.
// The header's "__metadata__" holds meta plus "crc32", the IEEE CRC-32 of the
// data buffer as 8 lowercase hex digits (a "crc32" in meta is replaced).
// Values outside the float32 range become ±Inf. Tensor names must be non-empty,
// unique and not "__metadata__", and len(Data) must match Shape.
func WriteSafetensors(w io.Writer, tensors []Tensor, meta map[string]string) error {
	seen := make(map[string]bool, len(tensors))
	for i, t := range tensors {
		switch {
		case t.Name == "":
			return fmt.Errorf("%w: tensor %d has an empty name", ErrBadCheckpoint, i)
		case t.Name == stMetadataKey:
			return fmt.Errorf("%w: tensor %d is named %q, which is reserved", ErrBadCheckpoint, i, t.Name)
		case seen[t.Name]:
			return fmt.Errorf("%w: tensor name %q appears twice", ErrBadCheckpoint, t.Name)
		}
		seen[t.Name] = true
		n := 1
		for _, d := range t.Shape {
			if d < 0 {
				return fmt.Errorf("%w: tensor %q has negative dimension in shape %v", ErrBadCheckpoint, t.Name, t.Shape)
			}
			n *= d
		}
		if n != t.values() {
			return fmt.Errorf("%w: tensor %q: shape %v holds %d values, Data has %d", ErrBadCheckpoint, t.Name, t.Shape, n, t.values())
		}
	}

	// The data is encoded twice through one small buffer, first into the CRC
	// and then into w, so the whole buffer never sits in memory.
	var chunk [4096]byte
	crc := crc32.NewIEEE()
	if err := stEncodeF32(crc, tensors, chunk[:]); err != nil {
		return err
	}

	m := make(map[string]string, len(meta)+1)
	for k, v := range meta {
		m[k] = v
	}
	m[stCRCKey] = fmt.Sprintf("%08x", crc.Sum32())

	var hdr bytes.Buffer
	hdr.WriteString(`{"` + stMetadataKey + `":`)
	mj, err := json.Marshal(m) // map keys are sorted: the header is deterministic
	if err != nil {
		return fmt.Errorf("tinynet: encoding safetensors metadata: %w", err)
	}
	hdr.Write(mj)
	var off int64
	for _, t := range tensors {
		name, err := json.Marshal(t.Name)
		if err != nil {
			return fmt.Errorf("tinynet: encoding tensor name %q: %w", t.Name, err)
		}
		hdr.WriteByte(',')
		hdr.Write(name)
		hdr.WriteString(`:{"dtype":"F32","shape":[`)
		for i, d := range t.Shape {
			if i > 0 {
				hdr.WriteByte(',')
			}
			hdr.WriteString(strconv.Itoa(d))
		}
		end := off + 4*int64(t.values())
		fmt.Fprintf(&hdr, `],"data_offsets":[%d,%d]}`, off, end)
		off = end
	}
	hdr.WriteByte('}')
	for hdr.Len()%8 != 0 {
		hdr.WriteByte(' ')
	}

	var size [8]byte
	binary.LittleEndian.PutUint64(size[:], uint64(hdr.Len()))
	if _, err := w.Write(size[:]); err != nil {
		return err
	}
	if _, err := w.Write(hdr.Bytes()); err != nil {
		return err
	}
	return stEncodeF32(w, tensors, chunk[:])
}

// stEncodeF32 writes the tensors' values as little-endian float32, in order,
// using buf (a multiple of 4 bytes long) as the staging area.
func stEncodeF32(w io.Writer, tensors []Tensor, buf []byte) error {
	n := 0
	put := func(bits uint32) error {
		if n == len(buf) {
			if _, err := w.Write(buf); err != nil {
				return err
			}
			n = 0
		}
		binary.LittleEndian.PutUint32(buf[n:], bits)
		n += 4
		return nil
	}
	for _, t := range tensors {
		for _, v := range t.Data {
			if err := put(math.Float32bits(float32(v))); err != nil {
				return err
			}
		}
		if t.Data == nil {
			for _, v := range t.Data32 {
				if err := put(math.Float32bits(v)); err != nil {
					return err
				}
			}
		}
	}
	if n > 0 {
		_, err := w.Write(buf[:n])
		return err
	}
	return nil
}

// stSpan is a tensor as the header describes it, checked but not yet decoded.
type stSpan struct {
	name       string
	shape      []int
	elemSize   int
	begin, end int
}

// ReadSafetensors decodes a safetensors file held in b. It accepts F32 and F64
// tensors and returns them sorted by data offset, with the "__metadata__" map
// (nil if absent). Before any tensor data is allocated it checks the header
// length, the JSON, every dtype and shape, that each tensor's byte span equals
// its shape times its element size, and that the spans lie inside the data
// buffer and tile it exactly: no gaps, no overlaps. If the metadata holds
// "crc32", it must match the IEEE CRC-32 of the data buffer. Every error wraps
// ErrBadCheckpoint and says what is wrong.
func ReadSafetensors(b []byte) ([]Tensor, map[string]string, error) {
	if len(b) < 8 {
		return nil, nil, fmt.Errorf("%w: file is %d bytes, too short for the 8-byte header length", ErrBadCheckpoint, len(b))
	}
	hlen := binary.LittleEndian.Uint64(b)
	if hlen < 2 || hlen > stMaxHeader {
		return nil, nil, fmt.Errorf("%w: header length %d is outside 2..%d", ErrBadCheckpoint, hlen, stMaxHeader)
	}
	if hlen > uint64(len(b)-8) {
		return nil, nil, fmt.Errorf("%w: header length %d exceeds the %d bytes after the length field (truncated file?)", ErrBadCheckpoint, hlen, len(b)-8)
	}
	header := b[8 : 8+hlen]
	data := b[8+hlen:]

	meta, entries, err := stParseHeader(header)
	if err != nil {
		return nil, nil, err
	}

	spans := make([]stSpan, 0, len(entries))
	for name, raw := range entries {
		s, err := stCheckEntry(name, raw, len(data))
		if err != nil {
			return nil, nil, err
		}
		spans = append(spans, s)
	}
	sort.Slice(spans, func(i, j int) bool {
		if spans[i].begin != spans[j].begin {
			return spans[i].begin < spans[j].begin
		}
		if spans[i].end != spans[j].end {
			return spans[i].end < spans[j].end
		}
		return spans[i].name < spans[j].name
	})
	pos := 0
	for _, s := range spans {
		switch {
		case s.begin > pos:
			return nil, nil, fmt.Errorf("%w: data bytes %d..%d belong to no tensor (gap before %q)", ErrBadCheckpoint, pos, s.begin, s.name)
		case s.begin < pos:
			return nil, nil, fmt.Errorf("%w: tensor %q at bytes %d..%d overlaps the tensor before it (which ends at %d)", ErrBadCheckpoint, s.name, s.begin, s.end, pos)
		}
		pos = s.end
	}
	if pos != len(data) {
		return nil, nil, fmt.Errorf("%w: data buffer is %d bytes but the tensors cover %d (trailing bytes or truncated header)", ErrBadCheckpoint, len(data), pos)
	}

	if want, ok := meta[stCRCKey]; ok {
		if !stIsCRC(want) {
			return nil, nil, fmt.Errorf("%w: metadata crc32 %q is not 8 lowercase hex digits", ErrBadCheckpoint, want)
		}
		if got := fmt.Sprintf("%08x", crc32.ChecksumIEEE(data)); got != want {
			return nil, nil, fmt.Errorf("%w: data crc32 is %s, header says %s (file corrupted)", ErrBadCheckpoint, got, want)
		}
	}

	// Every span is inside data and they do not overlap, so the values
	// allocated below total at most len(data)/4 float64s.
	out := make([]Tensor, len(spans))
	for i, s := range spans {
		vals := make([]float64, (s.end-s.begin)/s.elemSize)
		src := data[s.begin:s.end]
		if s.elemSize == 4 {
			for k := range vals {
				vals[k] = float64(math.Float32frombits(binary.LittleEndian.Uint32(src[4*k:])))
			}
		} else {
			for k := range vals {
				vals[k] = math.Float64frombits(binary.LittleEndian.Uint64(src[8*k:]))
			}
		}
		out[i] = Tensor{Name: s.name, Shape: s.shape, Data: vals}
	}
	return out, meta, nil
}

// stParseHeader splits the JSON header into the metadata and the raw tensor
// entries, rejecting duplicate names, which a plain map decode would hide.
func stParseHeader(header []byte) (map[string]string, map[string]json.RawMessage, error) {
	dec := json.NewDecoder(bytes.NewReader(header))
	tok, err := dec.Token()
	if err != nil {
		return nil, nil, fmt.Errorf("%w: header is not JSON: %v", ErrBadCheckpoint, err)
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return nil, nil, fmt.Errorf("%w: header is not a JSON object", ErrBadCheckpoint)
	}
	var meta map[string]string
	entries := make(map[string]json.RawMessage)
	seenMeta := false
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, nil, fmt.Errorf("%w: header JSON: %v", ErrBadCheckpoint, err)
		}
		name, ok := tok.(string)
		if !ok {
			return nil, nil, fmt.Errorf("%w: header JSON: object key is not a string", ErrBadCheckpoint)
		}
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return nil, nil, fmt.Errorf("%w: header JSON at %q: %v", ErrBadCheckpoint, name, err)
		}
		if name == stMetadataKey {
			if seenMeta {
				return nil, nil, fmt.Errorf("%w: header has two %s entries", ErrBadCheckpoint, stMetadataKey)
			}
			seenMeta = true
			if err := json.Unmarshal(raw, &meta); err != nil {
				return nil, nil, fmt.Errorf("%w: %s must map strings to strings: %v", ErrBadCheckpoint, stMetadataKey, err)
			}
			continue
		}
		if _, dup := entries[name]; dup {
			return nil, nil, fmt.Errorf("%w: tensor %q appears twice in the header", ErrBadCheckpoint, name)
		}
		entries[name] = raw
	}
	if _, err := dec.Token(); err != nil { // the closing brace
		return nil, nil, fmt.Errorf("%w: header JSON: %v", ErrBadCheckpoint, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, nil, fmt.Errorf("%w: header has bytes after the JSON object other than space padding", ErrBadCheckpoint)
	}
	return meta, entries, nil
}

// stCheckEntry validates one tensor record against a data buffer of dataLen bytes.
func stCheckEntry(name string, raw json.RawMessage, dataLen int) (stSpan, error) {
	if name == "" {
		return stSpan{}, fmt.Errorf("%w: a tensor has an empty name", ErrBadCheckpoint)
	}
	var e stHeaderEntry
	if err := json.Unmarshal(raw, &e); err != nil {
		return stSpan{}, fmt.Errorf("%w: tensor %q: header record: %v", ErrBadCheckpoint, name, err)
	}
	if e.Dtype == nil || e.Shape == nil || e.Offsets == nil {
		return stSpan{}, fmt.Errorf("%w: tensor %q: header record needs dtype, shape and data_offsets", ErrBadCheckpoint, name)
	}
	s := stSpan{name: name}
	switch *e.Dtype {
	case "F32":
		s.elemSize = 4
	case "F64":
		s.elemSize = 8
	default:
		return stSpan{}, fmt.Errorf("%w: tensor %q: dtype %q is not supported (want F32 or F64)", ErrBadCheckpoint, name, *e.Dtype)
	}

	// count stays bounded by the buffer so the product cannot overflow.
	maxCount := int64(dataLen / s.elemSize)
	count := int64(1)
	s.shape = make([]int, len(*e.Shape))
	for i, d := range *e.Shape {
		if d < 0 || int64(int(d)) != d {
			return stSpan{}, fmt.Errorf("%w: tensor %q: dimension %d in shape %v is negative or too large", ErrBadCheckpoint, name, d, *e.Shape)
		}
		s.shape[i] = int(d)
		if count != 0 && d != 0 {
			if d > maxCount || count > maxCount/d {
				return stSpan{}, fmt.Errorf("%w: tensor %q: shape %v needs more than the %d-byte data buffer", ErrBadCheckpoint, name, *e.Shape, dataLen)
			}
		}
		count *= d
	}

	offs := *e.Offsets
	if len(offs) != 2 {
		return stSpan{}, fmt.Errorf("%w: tensor %q: data_offsets has %d numbers, want 2", ErrBadCheckpoint, name, len(offs))
	}
	begin, end := offs[0], offs[1]
	if begin < 0 || end < begin || end > int64(dataLen) {
		return stSpan{}, fmt.Errorf("%w: tensor %q: data_offsets [%d,%d] are not inside the %d-byte data buffer", ErrBadCheckpoint, name, begin, end, dataLen)
	}
	if want := count * int64(s.elemSize); end-begin != want {
		return stSpan{}, fmt.Errorf("%w: tensor %q: shape %v of %s needs %d bytes, data_offsets [%d,%d] span %d", ErrBadCheckpoint, name, *e.Shape, *e.Dtype, want, begin, end, end-begin)
	}
	s.begin, s.end = int(begin), int(end)
	return s, nil
}

// stIsCRC reports whether s is 8 lowercase hex digits.
func stIsCRC(s string) bool {
	if len(s) != 8 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}
