package model

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
)

// writeFileAtomic replaces path with what write produces, so that a reader or
// a crash sees either the old file or the complete new one. It writes through
// a buffer into a temporary file in path's directory, fsyncs and closes it,
// renames it over path and fsyncs the directory. A new file gets mode 0644, a
// replaced one keeps its mode. On any error before the rename the temporary
// file is removed and path is untouched; an error syncing the directory is
// reported after the rename has happened.
//
// The temporary file is named .<base>.tmp-<pid>-<random>. One left behind by a process
// that was killed mid-save is removed by the next save to the same path (see
// removeStaleTemps).
func writeFileAtomic(path string, write func(w io.Writer) error) (err error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	mode := fs.FileMode(0o644)
	if fi, err := os.Stat(path); err == nil {
		if !fi.Mode().IsRegular() {
			return fmt.Errorf("%s: not a regular file", path)
		}
		mode = fi.Mode().Perm()
	}

	removeStaleTemps(dir, base)
	f, err := os.CreateTemp(dir, tempPrefix(base)+strconv.Itoa(os.Getpid())+"-*")
	if err != nil {
		return fmt.Errorf("%s: %w", path, unwrapPath(err))
	}
	tmp := f.Name()
	renamed := false
	defer func() { // also runs if write panics
		if !renamed {
			f.Close()
			os.Remove(tmp)
		}
	}()

	bw := bufio.NewWriterSize(f, 64<<10)
	if err := write(bw); err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("%s: %w", path, unwrapPath(err))
	}
	if err := f.Chmod(mode); err != nil && runtime.GOOS != "windows" {
		return fmt.Errorf("%s: %w", path, unwrapPath(err))
	}
	if err := f.Sync(); err != nil {
		return fmt.Errorf("%s: %w", path, unwrapPath(err))
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("%s: %w", path, unwrapPath(err))
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("%s: %w", path, unwrapPath(err))
	}
	renamed = true
	if runtime.GOOS == "windows" { // directories cannot be opened for sync there
		return nil
	}
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("%s: syncing directory: %w", path, unwrapPath(err))
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("%s: syncing directory: %w", path, unwrapPath(err))
	}
	return nil
}

// unwrapPath drops the *fs.PathError layer, whose message repeats an
// operation and a temporary name the caller has no use for.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err
	}
	return err
}

// tempPrefix is the start of the names of path's temporary files, base being path's
// last element.
func tempPrefix(base string) string { return "." + base + ".tmp-" }

// removeStaleTemps removes the temporary files of earlier saves to dir/base whose
// process is gone: .<base>.tmp-<pid>-<random> with a pid that is not running (another
// live process may be saving the same path right now; this process's own are left to
// the save that made them), and the .<base>.tmp-<random> files of older versions, which
// carry no pid. Errors are ignored: this is housekeeping.
func removeStaleTemps(dir, base string) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	prefix := tempPrefix(base)
	self := os.Getpid()
	for _, e := range entries {
		name := e.Name()
		rest, ok := strings.CutPrefix(name, prefix)
		if !ok || !e.Type().IsRegular() {
			continue
		}
		if p, _, hasPid := strings.Cut(rest, "-"); hasPid {
			pid, err := strconv.Atoi(p)
			if err != nil || pid == self || processAlive(pid) {
				continue
			}
		}
		os.Remove(filepath.Join(dir, name))
	}
}

// CheckWritable reports whether a checkpoint can be saved at path, before any work is
// done that the save would lose: path must not be a directory or another non-regular
// file, and its directory must accept a new file (the temporary file Save writes is
// created there and removed again). Stale temporary files of earlier, killed saves are
// removed as Save removes them.
func CheckWritable(path string) error {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	if base == "" {
		return fmt.Errorf("%s: is a directory, not a file name", path)
	}
	if fi, err := os.Stat(path); err == nil && !fi.Mode().IsRegular() {
		return fmt.Errorf("%s: not a regular file", path)
	}
	removeStaleTemps(dir, base)
	f, err := os.CreateTemp(dir, tempPrefix(base)+strconv.Itoa(os.Getpid())+"-*")
	if err != nil {
		return fmt.Errorf("%s: %w", path, unwrapPath(err))
	}
	name := f.Name()
	f.Close()
	if err := os.Remove(name); err != nil {
		return fmt.Errorf("%s: %w", path, unwrapPath(err))
	}
	return nil
}

// WriteFileAtomic replaces path with what write produces, atomically: a reader or a crash
// sees either the old file or the complete new one (the way Save writes checkpoints).
func WriteFileAtomic(path string, write func(w io.Writer) error) error {
	return writeFileAtomic(path, write)
}
