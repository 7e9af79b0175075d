package tinynet

import (
	"bytes"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// countingReader is a ReaderAt over a virtual file of size bytes: b, then zeros. It
// counts the bytes read.
type countingReader struct {
	b    []byte
	read int64
}

func (c *countingReader) ReadAt(p []byte, off int64) (int, error) {
	for i := range p {
		if j := off + int64(i); j < int64(len(c.b)) {
			p[i] = c.b[j]
		} else {
			p[i] = 0
		}
	}
	c.read += int64(len(p))
	return len(p), nil
}

func TestOpenSafetensorsReadsTheSameTensorsAsReadSafetensors(t *testing.T) {
	b := stWrite(t, stSampleTensors(), map[string]string{"widths": "3,2"})
	want, wantMeta, err := ReadSafetensors(b)
	require.NoError(t, err)

	f, err := OpenSafetensors(bytes.NewReader(b), int64(len(b)))
	require.NoError(t, err)
	require.NoError(t, f.VerifyCRC())
	assert.Equal(t, wantMeta, f.Metadata())
	var names []string
	for _, w := range want {
		names = append(names, w.Name)
		shape, ok := f.Shape(w.Name)
		require.True(t, ok)
		assert.Equal(t, w.Shape, shape)
		got := make([]float64, len(w.Data))
		require.NoError(t, f.Read(w.Name, got))
		assert.Equal(t, w.Data, got, w.Name)
	}
	assert.Equal(t, names, f.Names())
	_, ok := f.Shape("absent")
	assert.False(t, ok)
	assert.ErrorIs(t, f.Read("absent", nil), ErrBadCheckpoint)
	assert.ErrorIs(t, f.Read("layers.0.bias", make([]float64, 3)), ErrBadCheckpoint)
}

func TestOpenSafetensorsReadsTensorsLargerThanItsBuffer(t *testing.T) {
	big := Tensor{Name: "big", Shape: []int{3, 10000}, Data: make([]float64, 30000)}
	for i := range big.Data {
		big.Data[i] = float64(i) - 0.5
	}
	b := stWrite(t, []Tensor{big}, nil)
	f, err := OpenSafetensors(bytes.NewReader(b), int64(len(b)))
	require.NoError(t, err)
	got := make([]float64, 30000)
	require.NoError(t, f.Read("big", got))
	assert.Equal(t, big.Data, got)
}

func TestOpenSafetensorsRejectsAHugeFileAfterReadingItsLengthField(t *testing.T) {
	r := &countingReader{b: make([]byte, 8)} // header length 0, then a gigabyte of zeros
	_, err := OpenSafetensors(r, 1<<30)
	require.ErrorIs(t, err, ErrBadCheckpoint)
	assert.Contains(t, err.Error(), "header length 0")
	assert.Equal(t, int64(8), r.read)
}

func TestOpenSafetensorsRejectsTruncatedAndCorruptedFiles(t *testing.T) {
	b := stWrite(t, stSampleTensors(), nil)
	for _, n := range []int{0, 7, 8, 20, len(b) - 1} {
		_, err := OpenSafetensors(bytes.NewReader(b[:n]), int64(n))
		assert.ErrorIs(t, err, ErrBadCheckpoint, "truncated to %d bytes", n)
	}
	bad := append([]byte(nil), b...)
	bad[len(bad)-3] ^= 0x40
	f, err := OpenSafetensors(bytes.NewReader(bad), int64(len(bad)))
	require.NoError(t, err)
	err = f.VerifyCRC()
	require.True(t, errors.Is(err, ErrBadCheckpoint))
	assert.Contains(t, err.Error(), "crc32")
}
