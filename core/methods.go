package core

import (
	"fmt"

	"github.com/edgetrain/edgetrain/fixedbuf"
	"github.com/edgetrain/edgetrain/tinynet"
)

// methodState holds the buffers of the Fisher approximations beyond the exact method.
type methodState struct{}

// checkMethod rejects configurations a method cannot run.
func checkMethod(spec tinynet.Spec, batch int, cfg *Config) error {
	switch cfg.Method {
	case Exact, SGD, Adam:
		return nil
	}
	return fmt.Errorf("%w: method %s is not available yet", ErrConfig, cfg.Method)
}

func (t *Trainer) carveMethod(c fixedbuf.Carver) {}

func (t *Trainer) methodDirection() bool { return false }

func (t *Trainer) methodAlpha() float64 { return 1 }
