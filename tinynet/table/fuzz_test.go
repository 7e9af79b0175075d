package table

import (
	"errors"
	"math"
	"testing"
	"unicode/utf8"
)

// FuzzParse feeds arbitrary text to the CSV reader: it returns a table or an *Error,
// never panics, and a table it returns is consistent: Rows×Cols finite values, valid
// UTF-8 unique column names, increasing source lines.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"a,b,target\n1,2,3\n4,5,6\n",
		"\xef\xbb\xbf\"x, first\",y\r\n1.5,-2e3\r\n\r\n4,\"5\"\n",
		"a,b\n1,\"2\n3,4\n",
		"1,2\n3,4\n",
		"a,a\n1,2\n",
		"",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		tb, err := Parse("f.csv", b)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("error is %T, not *Error: %v", err, err)
			}
			return
		}
		if tb.Rows < 1 || len(tb.Data) != tb.Rows*tb.Cols || len(tb.Lines) != tb.Rows || len(tb.Header) != tb.Cols {
			t.Fatalf("inconsistent table: %d rows, %d cols, %d values, %d lines", tb.Rows, tb.Cols, len(tb.Data), len(tb.Lines))
		}
		seen := map[string]bool{}
		for _, h := range tb.Header {
			if h == "" || !utf8.ValidString(h) || seen[h] {
				t.Fatalf("bad column name %q", h)
			}
			seen[h] = true
		}
		for _, v := range tb.Data {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				t.Fatalf("non-finite value %v", v)
			}
		}
		for i := 1; i < len(tb.Lines); i++ {
			if tb.Lines[i] <= tb.Lines[i-1] {
				t.Fatalf("lines not increasing: %v", tb.Lines)
			}
		}
	})
}
