package main

import (
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/edgetrain/edgetrain/core"
	"github.com/edgetrain/edgetrain/tinynet"
)

// FuzzTrainFlags feeds arbitrary command lines (arguments separated by NUL) to the
// training flag parser and the checks that follow it without touching files or global
// state: they never panic, and every refusal is a usage error (exit 2) or the help.
func FuzzTrainFlags(f *testing.F) {
	for _, s := range []string{
		"--data\x00d.csv",
		"--data\x00d.csv\x00--epochs\x00-5",
		"--data=d.csv\x00--steps\x00-5",
		"--data\x00d.csv\x00--max-rel-step\x00nan",
		"--data\x00d.csv\x00--task\x00regression\x00--label\x00x",
		"--data\x00d.csv\x00--target\x00t,t",
		"--data\x00d.csv\x00--save\x00d.csv",
		"--data\x00-\x00--na\x00mean\x00--save-every\x0030s\x00--save\x00m",
		"--data\x00d.csv\x00--hidden\x00100000,100000\x00--batch\x00full\x00--lr\x00paper",
		"--data\x00d.csv\x00--lr\x001e300\x00--damping\x00-1\x00--kfac-decay\x001",
		"--data\x00d.csv\x00--form\x00dual\x00--method\x00kfac\x00--mem\x001KiB",
		"-h",
		"--data\x00d.csv\x00extra",
		"--val\x00nan\x00--data\x00x",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		args := strings.Split(line, "\x00")
		fl, err := parseTrainFlags(args, io.Discard)
		if err == nil {
			_, err = parseWidths(fl.hidden)
			if err == nil {
				_, err = parseSaveEvery(fl.saveEvery)
			}
			if err == nil {
				if m, ok := core.ParseMethod(fl.method); ok {
					for _, task := range []tinynet.Loss{tinynet.MSE, tinynet.SoftmaxCE} {
						if _, err = trainerConfig(fl, m, task); err != nil {
							break
						}
					}
				}
			}
			if err == nil {
				_, err = core.ParseBytes(fl.mem)
				if err != nil {
					err = usagef("%v", err)
				}
			}
		}
		var ue *usageError
		if err != nil && !errors.As(err, &ue) && !errors.Is(err, errHelp) {
			t.Fatalf("%q: error %T is not a usage error: %v", args, err, err)
		}
	})
}
