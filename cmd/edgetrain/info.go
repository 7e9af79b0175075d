package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"runtime"
	"strings"

	"github.com/klauspost/cpuid/v2"

	"github.com/edgetrain/edgetrain/simd"
)

// runInfo prints the CPU, its features and the kernel path in use.
//
//	edgetrain info [--cpu-disable LIST]
func runInfo(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("info", flag.ContinueOnError)
	fs.SetOutput(stdout)
	var disable string
	addCPUDisableFlag(fs, &disable)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return errHelp
		}
		return usagef("info: %v", err)
	}
	if fs.NArg() > 0 {
		return usagef("info takes no arguments (got %q)", fs.Arg(0))
	}
	if err := applyCPUDisable(disable); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "arch:      %s/%s\n", runtime.GOOS, runtime.GOARCH)
	fmt.Fprintf(stdout, "cpu:       %s (%d logical cores)\n", cpuid.CPU.BrandName, runtime.NumCPU())
	fmt.Fprintf(stdout, "features:  %s\n", strings.Join(cpuid.CPU.FeatureSet(), " "))
	if d := simd.DisabledFeatures(); len(d) > 0 {
		fmt.Fprintf(stdout, "disabled:  %s (--cpu-disable or %s)\n", strings.Join(d, " "), simd.DisableEnvVar)
	}
	fmt.Fprintf(stdout, "detected:  %s\n", simd.Detected())
	fmt.Fprintf(stdout, "available: %s\n", strings.Join(simd.Available(), " "))
	fmt.Fprintf(stdout, "selected:  %s (force with %s=PATH or --simd PATH)\n", simd.Path(), simd.EnvVar)
	return nil
}
