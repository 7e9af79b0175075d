//go:build unix

package model

import (
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// deadPid returns the pid of a process that has exited.
func deadPid(t *testing.T) int {
	cmd := exec.Command("true")
	require.NoError(t, cmd.Run())
	return cmd.Process.Pid
}

// A save killed between creating its temporary file and the rename leaves the file
// behind; the next save to the same path removes it, and leaves alone the temporary
// files of live processes and of other paths.
func TestSaveRemovesTempFilesOfKilledSaves(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "m.safetensors")
	touch := func(name string) {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte("partial"), 0o600))
	}
	dead := strconv.Itoa(deadPid(t))
	live := strconv.Itoa(os.Getppid())
	touch(".m.safetensors.tmp-" + dead + "-123")
	touch(".m.safetensors.tmp-" + dead + "-456")
	touch(".m.safetensors.tmp-987654321") // an older version's name, without a pid
	touch(".m.safetensors.tmp-" + live + "-789")
	touch(".other.safetensors.tmp-" + dead + "-1")
	require.NoError(t, writeFileAtomic(p, func(w io.Writer) error {
		_, err := io.WriteString(w, "model")
		return err
	}))
	assert.ElementsMatch(t, []string{"m.safetensors", ".m.safetensors.tmp-" + live + "-789", ".other.safetensors.tmp-" + dead + "-1"}, dirNames(t, dir))
}

func TestCheckWritableFindsUnwritablePathsAndLeavesNothing(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, CheckWritable(filepath.Join(dir, "new.safetensors")))
	assert.Empty(t, dirNames(t, dir), "the probe file is removed")

	file := filepath.Join(dir, "plain")
	require.NoError(t, os.WriteFile(file, nil, 0o644))
	assert.Error(t, CheckWritable(filepath.Join(file, "m.safetensors")), "parent is a file")
	assert.Error(t, CheckWritable(filepath.Join(dir, "missing", "m.safetensors")), "parent does not exist")
	assert.Error(t, CheckWritable(dir), "a directory")
	assert.Error(t, CheckWritable(dir+"/"), "a directory name")

	touch := filepath.Join(dir, ".m.safetensors.tmp-"+strconv.Itoa(deadPid(t))+"-1")
	require.NoError(t, os.WriteFile(touch, nil, 0o600))
	require.NoError(t, CheckWritable(filepath.Join(dir, "m.safetensors")))
	assert.NoFileExists(t, touch)
}
