package model

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	require.NoError(t, err)
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	return names
}

func TestWriteFileAtomicCreatesAndReplaces(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "model.safetensors")
	require.NoError(t, writeFileAtomic(p, func(w io.Writer) error {
		_, err := io.WriteString(w, "first")
		return err
	}))
	b, err := os.ReadFile(p)
	require.NoError(t, err)
	assert.Equal(t, "first", string(b))
	if runtime.GOOS != "windows" {
		fi, err := os.Stat(p)
		require.NoError(t, err)
		assert.Equal(t, os.FileMode(0o644), fi.Mode().Perm(), "new files are 0644, not CreateTemp's 0600")
		require.NoError(t, os.Chmod(p, 0o600))
	}

	require.NoError(t, writeFileAtomic(p, func(w io.Writer) error {
		_, err := io.WriteString(w, "second, longer")
		return err
	}))
	b, err = os.ReadFile(p)
	require.NoError(t, err)
	assert.Equal(t, "second, longer", string(b))
	if runtime.GOOS != "windows" {
		fi, err := os.Stat(p)
		require.NoError(t, err)
		assert.Equal(t, os.FileMode(0o600), fi.Mode().Perm(), "a replaced file keeps its mode")
	}
	assert.Equal(t, []string{"model.safetensors"}, dirNames(t, dir))
}

func TestWriteFileAtomicFailedWriteLeavesOldFileAndNoTemp(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "model.safetensors")
	require.NoError(t, os.WriteFile(p, []byte("old contents"), 0o644))

	boom := errors.New("boom")
	err := writeFileAtomic(p, func(w io.Writer) error {
		// Enough to spill past the buffer into the temporary file.
		if _, err := w.Write(make([]byte, 200<<10)); err != nil {
			return err
		}
		return boom
	})
	require.ErrorIs(t, err, boom)
	b, err := os.ReadFile(p)
	require.NoError(t, err)
	assert.Equal(t, "old contents", string(b))
	assert.Equal(t, []string{"model.safetensors"}, dirNames(t, dir))
}

func TestWriteFileAtomicPanickingWriteLeavesNoTemp(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "m.bin")
	assert.Panics(t, func() {
		_ = writeFileAtomic(p, func(w io.Writer) error { panic("writer bug") })
	})
	assert.Empty(t, dirNames(t, dir))
}

func TestWriteFileAtomicMissingDirectoryNamesThePath(t *testing.T) {
	p := filepath.Join(t.TempDir(), "no", "such", "dir", "m.bin")
	called := false
	err := writeFileAtomic(p, func(w io.Writer) error { called = true; return nil })
	require.Error(t, err)
	assert.False(t, called)
	assert.ErrorIs(t, err, os.ErrNotExist)
	assert.True(t, strings.HasPrefix(err.Error(), p+": "), err.Error())
}

func TestWriteFileAtomicRefusesToReplaceADirectory(t *testing.T) {
	dir := t.TempDir()
	err := writeFileAtomic(dir, func(w io.Writer) error { return nil })
	require.Error(t, err)
	assert.Contains(t, err.Error(), "not a regular file")
}

func TestWriteFileAtomicRelativePath(t *testing.T) {
	t.Chdir(t.TempDir())
	require.NoError(t, writeFileAtomic("rel.txt", func(w io.Writer) error {
		_, err := io.WriteString(w, "x")
		return err
	}))
	b, err := os.ReadFile("rel.txt")
	require.NoError(t, err)
	assert.Equal(t, "x", string(b))
	assert.Equal(t, []string{"rel.txt"}, dirNames(t, "."))
}
