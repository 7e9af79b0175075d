package main

import (
	"fmt"
	"io"
	"runtime"
	"strings"

	"github.com/klauspost/cpuid/v2"

	"github.com/edgetrain/edgetrain/simd"
)

// runInfo prints the CPU, its features and the kernel path in use.
func runInfo(args []string, stdout io.Writer) error {
	if len(args) > 0 {
		return usagef("info takes no arguments")
	}
	fmt.Fprintf(stdout, "arch:      %s/%s\n", runtime.GOOS, runtime.GOARCH)
	fmt.Fprintf(stdout, "cpu:       %s (%d logical cores)\n", cpuid.CPU.BrandName, runtime.NumCPU())
	fmt.Fprintf(stdout, "features:  %s\n", strings.Join(cpuid.CPU.FeatureSet(), " "))
	fmt.Fprintf(stdout, "detected:  %s\n", simd.Detected())
	fmt.Fprintf(stdout, "available: %s\n", strings.Join(simd.Available(), " "))
	fmt.Fprintf(stdout, "selected:  %s (force with %s=PATH or --simd PATH)\n", simd.Path(), simd.EnvVar)
	return nil
}
