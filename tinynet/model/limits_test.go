package model

import (
	"bytes"
	"encoding/binary"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/edgetrain/edgetrain/tinynet"
)

// allocated returns the bytes f allocates on the heap.
func allocated(f func()) uint64 {
	var a, b runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&a)
	f()
	runtime.ReadMemStats(&b)
	return b.TotalAlloc - a.TotalAlloc
}

// A large file given as a checkpoint is refused from its first bytes: a 1 GB file of
// zeros (header length 0) and a file that claims a 90 MB header cost kilobytes, not
// their size.
func TestLoadRefusesLargeFilesWithoutReadingThem(t *testing.T) {
	dir := t.TempDir()
	big := filepath.Join(dir, "big.bin")
	f, err := os.Create(big)
	require.NoError(t, err)
	require.NoError(t, f.Truncate(1<<30)) // sparse: no disk used
	require.NoError(t, f.Close())
	var lerr error
	n := allocated(func() { _, lerr = Load(big) })
	assert.ErrorIs(t, lerr, tinynet.ErrBadCheckpoint)
	assert.ErrorContains(t, lerr, "header length 0")
	assert.Less(t, n, uint64(1<<20), "allocated %d bytes", n)

	claim := filepath.Join(dir, "claim.bin")
	f, err = os.Create(claim)
	require.NoError(t, err)
	var hdr [8]byte
	binary.LittleEndian.PutUint64(hdr[:], 90<<20)
	_, err = f.Write(hdr[:])
	require.NoError(t, err)
	require.NoError(t, f.Truncate(100<<20))
	require.NoError(t, f.Close())
	n = allocated(func() { _, lerr = Load(claim) })
	assert.ErrorContains(t, lerr, "header length 94371840 is over the limit of 16777216 bytes")
	assert.Less(t, n, uint64(1<<20), "allocated %d bytes", n)
}

// A valid checkpoint whose network is larger than the caller allows is refused after the
// header is read, before the network is allocated.
func TestLoadWithinRefusesNetworksOverTheBudget(t *testing.T) {
	m := sampleModel()
	spec := tinynet.Spec{Widths: []int{3, 300, 300, 2}, Activation: m.Net.Spec.Activation, SigmaW: 1, SigmaB: 0.1}
	m.Net = tinynet.New(spec)
	m.Net.Init(1)
	m.Forster, m.Optim = nil, nil
	var buf bytes.Buffer
	require.NoError(t, Write(&buf, m))
	r := bytes.NewReader(buf.Bytes())
	_, err := ReadWithin(r, int64(buf.Len()), 2<<20)
	require.NoError(t, err)
	var rerr error
	n := allocated(func() { _, rerr = ReadWithin(r, int64(buf.Len()), 100_000) })
	assert.ErrorIs(t, rerr, tinynet.ErrBadCheckpoint)
	assert.ErrorContains(t, rerr, "over the limit of 100000")
	assert.Less(t, n, uint64(spec.Params()*4), "allocated %d bytes: the network was built", n)
}
