package main

import (
	"flag"
	"strings"

	"github.com/edgetrain/edgetrain/simd"
)

// cpuDisableUsage documents --cpu-disable for every command that registers it.
const cpuDisableUsage = "treat these cpuid `features` as absent, comma-separated as edgetrain info lists them " +
	"(e.g. avx512f or avx2,fma3 on amd64, asimd on arm64), then choose the kernel path again; " +
	"the environment variable " + simd.DisableEnvVar + " does the same at start-up"

// addCPUDisableFlag registers --cpu-disable LIST on fs; pass the result to applyCPUDisable
// after fs.Parse and before any --simd forcing.
func addCPUDisableFlag(fs *flag.FlagSet, list *string) {
	fs.StringVar(list, "cpu-disable", "", cpuDisableUsage)
}

// applyCPUDisable turns off the named cpuid features and re-selects the kernel path. An
// empty list does nothing; an unknown name is a usage error (exit code 2).
func applyCPUDisable(list string) error {
	if strings.TrimSpace(list) == "" {
		return nil
	}
	if err := simd.DisableFeatures(strings.Split(list, ",")); err != nil {
		return usagef("--cpu-disable %s: %v (use the names `edgetrain info` prints under features)", list, err)
	}
	return nil
}
