package main

import (
	"github.com/edgetrain/edgetrain/core"
	"github.com/edgetrain/edgetrain/tinynet"
)

// defaults is the library's default configuration of method m for loss; the one place
// that follows changes of core.Defaults' signature.
func defaults(m core.Method, loss tinynet.Loss) core.Config {
	return core.Defaults(m, loss)
}
