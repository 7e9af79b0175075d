package simd

import (
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/klauspost/cpuid/v2"
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

// DisableEnvVar names the environment variable with a comma-separated list of cpuid
// feature names (as `edgetrain info` prints them, any case: "avx512f,avx2,fma3",
// "asimd" on arm64) that start-up treats as absent, before the path is chosen.
// Unknown names in it are ignored; DisableFeatures reports them.
const DisableEnvVar = "EDGETRAIN_CPU_DISABLE"

// ErrUnknownFeature is returned by DisableFeatures for a name cpuid does not know.
var ErrUnknownFeature = errors.New("simd: unknown CPU feature name")

// One bool per implementation, set once by init and by Force; kernels branch on them.
var (
	useAVX2   bool
	useAVX512 bool
	useNEON   bool
)

// detected holds the best path the CPU supports, set by the architecture's detect.
var detected = PathGeneric

// request is what the last successful Force asked for ("auto" by default); Redetect
// honours it again when it is still available.
var request = "auto"

// disabled lists the features DisableFeatures turned off; detect consults it for
// features cpuid does not report (NEON on arm64).
var disabled []cpuid.FeatureID

func init() {
	if list := os.Getenv(DisableEnvVar); list != "" {
		for _, name := range strings.Split(list, ",") {
			if ids, err := parseFeatures([]string{name}); err == nil {
				disable(ids)
			}
		}
	}
	detectFeatures()
	detected = detect()
	if p := os.Getenv(EnvVar); p != "" {
		if Force(p) == nil {
			return
		}
	}
	_ = Force(detected)
}

// parseFeatures maps cpuid feature names to their IDs; blank names are skipped.
func parseFeatures(names []string) ([]cpuid.FeatureID, error) {
	var ids []cpuid.FeatureID
	for _, name := range names {
		name = strings.TrimSpace(name)
		if name == "" {
			continue
		}
		id := cpuid.ParseFeature(name)
		if id == cpuid.UNKNOWN {
			return nil, fmt.Errorf("%w: %q", ErrUnknownFeature, name)
		}
		ids = append(ids, id)
	}
	return ids, nil
}

func disable(ids []cpuid.FeatureID) {
	cpuid.CPU.Disable(ids...)
	disabled = append(disabled, ids...)
}

// featureDisabled reports whether DisableFeatures (or EDGETRAIN_CPU_DISABLE) named id.
func featureDisabled(id cpuid.FeatureID) bool { return slices.Contains(disabled, id) }

// DisableFeatures treats the named cpuid features (any case, e.g. "avx512f", "avx2")
// as absent in cpuid.CPU and in path selection, then calls Redetect.
// An unknown name returns ErrUnknownFeature and changes nothing. Disabling cannot be
// undone. It is not safe to call while kernels run on other goroutines.
func DisableFeatures(names []string) error {
	ids, err := parseFeatures(names)
	if err != nil {
		return err
	}
	disable(ids)
	Redetect()
	return nil
}

// DisabledFeatures lists the cpuid feature names turned off so far.
func DisabledFeatures() []string {
	out := make([]string, 0, len(disabled))
	for _, id := range disabled {
		out = append(out, id.String())
	}
	return out
}

// Redetect re-reads the CPU features and chooses the path again: the one the last
// Force asked for if it is still available, the best detected one otherwise.
func Redetect() {
	detectFeatures()
	detected = detect()
	if Force(request) != nil {
		_ = Force("auto")
	}
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
	requested := path
	if path == "auto" {
		path = detected
	}
	if path != PathGeneric && !supports(path) {
		return ErrUnavailable
	}
	request = requested
	useAVX2 = path == PathAVX2 || path == PathAVX512 // AVX-512 path falls back on AVX2 kernels
	useAVX512 = path == PathAVX512
	useNEON = path == PathNEON
	return nil
}
