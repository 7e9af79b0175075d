package simd

import (
	"errors"
	"os"
)

// Kernel paths. Which are available depends on the architecture, the build tags
// (purego and noasm force the generic path) and the CPU.
const (
	PathGeneric = "generic"
	PathAVX2    = "avx2"
	PathAVX512  = "avx512"
	PathNEON    = "neon"
)

// ErrUnavailable is returned by Force for a path this build or CPU cannot run.
var ErrUnavailable = errors.New("simd: kernel path not available on this CPU or build")

// EnvVar names the environment variable that forces a path at start-up.
const EnvVar = "EDGETRAIN_SIMD"

// One bool per implementation, set once by init and by Force; kernels branch on them.
var (
	useAVX2   bool
	useAVX512 bool
	useNEON   bool
)

// detected holds the best path the CPU supports, set by the architecture's detect.
var detected = PathGeneric

func init() {
	detected = detect()
	if p := os.Getenv(EnvVar); p != "" {
		if Force(p) == nil {
			return
		}
	}
	_ = Force(detected)
}

// Available lists the paths this build can run on this CPU, generic first.
func Available() []string {
	out := []string{PathGeneric}
	for _, p := range []string{PathAVX2, PathAVX512, PathNEON} {
		if supports(p) {
			out = append(out, p)
		}
	}
	return out
}

// Detected returns the best path for this CPU, the one chosen when nothing is forced.
func Detected() string { return detected }

// Path returns the path in use.
func Path() string {
	switch {
	case useAVX512:
		return PathAVX512
	case useAVX2:
		return PathAVX2
	case useNEON:
		return PathNEON
	}
	return PathGeneric
}

// Force selects a path by name ("generic", "avx2", "avx512", "neon", or "auto" for the
// detected one). It is not safe to call while kernels run on other goroutines.
func Force(path string) error {
	if path == "auto" {
		path = detected
	}
	if path != PathGeneric && !supports(path) {
		return ErrUnavailable
	}
	useAVX2 = path == PathAVX2 || path == PathAVX512 // AVX-512 path falls back on AVX2 kernels
	useAVX512 = path == PathAVX512
	useNEON = path == PathNEON
	return nil
}
