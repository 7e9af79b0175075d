package model

import (
	"bytes"
	"testing"

	"github.com/edgetrain/edgetrain/tinynet"
)

// FuzzRead feeds arbitrary bytes to the loader: it must return a model or an error, never
// panic, and a model it returns must validate and survive another write and read.
func FuzzRead(f *testing.F) {
	var buf bytes.Buffer
	if err := Write(&buf, sampleModel()); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.Bytes())
	cls := sampleModel()
	cls.Task, cls.YNorm, cls.Targets, cls.Forster, cls.Optim = tinynet.SoftmaxCE, nil, []string{"label"}, nil, nil
	buf.Reset()
	if err := Write(&buf, cls); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.Bytes())
	f.Add([]byte{})
	f.Add([]byte("\x02\x00\x00\x00\x00\x00\x00\x00{}"))
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := Read(bytes.NewReader(b), int64(len(b)))
		if err != nil {
			return
		}
		if err := m.Validate(); err != nil {
			t.Fatalf("loaded a model that does not validate: %v", err)
		}
		var out bytes.Buffer
		if err := Write(&out, m); err != nil {
			t.Fatalf("cannot write a loaded model: %v", err)
		}
		if _, err := Read(bytes.NewReader(out.Bytes()), int64(out.Len())); err != nil {
			t.Fatalf("cannot read a rewritten model: %v", err)
		}
	})
}
