package tinynet

import (
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"io"
	"math"
	"sort"
)

// SafetensorsFile is a safetensors file whose header has been read and checked but whose
// tensors have not: a loader looks at the metadata and the shapes first, decides what it
// will allocate, then reads the tensors it wants one at a time. Memory used while reading
// is the header plus a fixed 32 KiB buffer, whatever the file's size.
type SafetensorsFile struct {
	r         io.ReaderAt
	dataStart int64
	dataLen   int64
	meta      map[string]string
	spans     []stSpan // sorted by offset
	byName    map[string]int
	buf       []byte // staging for Read, allocated on first use
}

// OpenSafetensors reads and checks the header of the size-byte safetensors file r, with
// the checks ReadSafetensors makes before it allocates tensor data: the header length
// fits the file, the JSON is one object without duplicate names, every dtype (F32 or
// F64) and shape is valid, each tensor's byte span equals its shape times its element
// size, and the spans tile the data buffer exactly. The CRC is checked by VerifyCRC.
// Every error wraps ErrBadCheckpoint.
func OpenSafetensors(r io.ReaderAt, size int64) (*SafetensorsFile, error) {
	var lenBuf [8]byte
	if size < 8 {
		return nil, fmt.Errorf("%w: file is %d bytes, too short for the 8-byte header length", ErrBadCheckpoint, size)
	}
	if _, err := r.ReadAt(lenBuf[:], 0); err != nil {
		return nil, fmt.Errorf("%w: reading the header length: %v", ErrBadCheckpoint, err)
	}
	hlen := binary.LittleEndian.Uint64(lenBuf[:])
	if hlen < 2 || hlen > stMaxHeader {
		return nil, fmt.Errorf("%w: header length %d is outside 2..%d", ErrBadCheckpoint, hlen, stMaxHeader)
	}
	if hlen > uint64(size-8) {
		return nil, fmt.Errorf("%w: header length %d exceeds the %d bytes after the length field (truncated file?)", ErrBadCheckpoint, hlen, size-8)
	}
	header := make([]byte, hlen)
	if _, err := r.ReadAt(header, 8); err != nil {
		return nil, fmt.Errorf("%w: reading the header: %v", ErrBadCheckpoint, err)
	}
	meta, entries, err := stParseHeader(header)
	if err != nil {
		return nil, err
	}
	f := &SafetensorsFile{r: r, dataStart: 8 + int64(hlen), dataLen: size - 8 - int64(hlen), meta: meta}
	if f.dataLen > math.MaxInt {
		return nil, fmt.Errorf("%w: data buffer of %d bytes is too large", ErrBadCheckpoint, f.dataLen)
	}
	f.spans = make([]stSpan, 0, len(entries))
	for name, raw := range entries {
		s, err := stCheckEntry(name, raw, int(f.dataLen))
		if err != nil {
			return nil, err
		}
		f.spans = append(f.spans, s)
	}
	sort.Slice(f.spans, func(i, j int) bool {
		a, b := f.spans[i], f.spans[j]
		if a.begin != b.begin {
			return a.begin < b.begin
		}
		if a.end != b.end {
			return a.end < b.end
		}
		return a.name < b.name
	})
	pos := 0
	for _, s := range f.spans {
		switch {
		case s.begin > pos:
			return nil, fmt.Errorf("%w: data bytes %d..%d belong to no tensor (gap before %q)", ErrBadCheckpoint, pos, s.begin, s.name)
		case s.begin < pos:
			return nil, fmt.Errorf("%w: tensor %q at bytes %d..%d overlaps the tensor before it (which ends at %d)", ErrBadCheckpoint, s.name, s.begin, s.end, pos)
		}
		pos = s.end
	}
	if int64(pos) != f.dataLen {
		return nil, fmt.Errorf("%w: data buffer is %d bytes but the tensors cover %d (trailing bytes or truncated file)", ErrBadCheckpoint, f.dataLen, pos)
	}
	f.byName = make(map[string]int, len(f.spans))
	for i, s := range f.spans {
		f.byName[s.name] = i
	}
	return f, nil
}

// Metadata returns the header's "__metadata__" map (nil if absent).
func (f *SafetensorsFile) Metadata() map[string]string { return f.meta }

// Names returns the tensor names in data order.
func (f *SafetensorsFile) Names() []string {
	out := make([]string, len(f.spans))
	for i, s := range f.spans {
		out[i] = s.name
	}
	return out
}

// Shape returns the shape of the named tensor and whether the file holds it.
func (f *SafetensorsFile) Shape(name string) ([]int, bool) {
	i, ok := f.byName[name]
	if !ok {
		return nil, false
	}
	return f.spans[i].shape, true
}

// VerifyCRC checks the metadata's "crc32", if there is one, against the IEEE CRC-32 of
// the data buffer, reading it in fixed-size pieces.
func (f *SafetensorsFile) VerifyCRC() error {
	want, ok := f.meta[stCRCKey]
	if !ok {
		return nil
	}
	if !stIsCRC(want) {
		return fmt.Errorf("%w: metadata crc32 %q is not 8 lowercase hex digits", ErrBadCheckpoint, want)
	}
	crc := crc32.NewIEEE()
	if _, err := io.Copy(crc, io.NewSectionReader(f.r, f.dataStart, f.dataLen)); err != nil {
		return fmt.Errorf("%w: reading the data buffer: %v", ErrBadCheckpoint, err)
	}
	if got := fmt.Sprintf("%08x", crc.Sum32()); got != want {
		return fmt.Errorf("%w: data crc32 is %s, header says %s (file corrupted)", ErrBadCheckpoint, got, want)
	}
	return nil
}

// Read decodes the named tensor's values (F32 or F64) into dst, which must hold exactly
// as many values as its shape.
func (f *SafetensorsFile) Read(name string, dst []float64) error {
	i, ok := f.byName[name]
	if !ok {
		return fmt.Errorf("%w: no tensor %q", ErrBadCheckpoint, name)
	}
	s := f.spans[i]
	if len(dst)*s.elemSize != s.end-s.begin {
		return fmt.Errorf("%w: tensor %q holds %d values, the caller expects %d", ErrBadCheckpoint, name, (s.end-s.begin)/s.elemSize, len(dst))
	}
	if f.buf == nil {
		f.buf = make([]byte, 32<<10)
	}
	buf := f.buf
	off := f.dataStart + int64(s.begin)
	for k := 0; k < len(dst); {
		n := min(len(dst)-k, len(buf)/s.elemSize)
		b := buf[:n*s.elemSize]
		if _, err := f.r.ReadAt(b, off); err != nil {
			return fmt.Errorf("%w: reading tensor %q: %v", ErrBadCheckpoint, name, err)
		}
		off += int64(len(b))
		if s.elemSize == 4 {
			for j := range n {
				dst[k+j] = float64(math.Float32frombits(binary.LittleEndian.Uint32(b[4*j:])))
			}
		} else {
			for j := range n {
				dst[k+j] = math.Float64frombits(binary.LittleEndian.Uint64(b[8*j:]))
			}
		}
		k += n
	}
	return nil
}
