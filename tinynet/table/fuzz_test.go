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
		checkFuzzTable(t, tb, err, false)
		// Small limits and missing values allowed: the limits hold, NaN only where counted.
		o := Options{Missing: true, MaxLineBytes: 64, MaxFields: 6, MaxCells: 40}
		tb, err = o.Parse("f.csv", b)
		checkFuzzTable(t, tb, err, true)
		if err == nil && (tb.Cols > 6 || len(tb.Data) > 40) {
			t.Fatalf("limits exceeded: %d columns, %d values", tb.Cols, len(tb.Data))
		}
	})
}

func checkFuzzTable(t *testing.T, tb *Table, err error, missing bool) {
	if err != nil {
		var e *Error
		if !errors.As(err, &e) {
			t.Fatalf("error is %T, not *Error: %v", err, err)
		}
		if len(err.Error()) > 400 {
			t.Fatalf("error message of %d bytes: cells are not clipped", len(err.Error()))
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
	nan := make([]int, tb.Cols)
	for i, v := range tb.Data {
		if math.IsInf(v, 0) || math.IsNaN(v) && !missing {
			t.Fatalf("non-finite value %v", v)
		}
		if math.IsNaN(v) {
			nan[i%tb.Cols]++
		}
	}
	for j, n := range nan {
		if tb.Missing == nil && n > 0 || tb.Missing != nil && tb.Missing[j] != n {
			t.Fatalf("column %d: %d NaN cells, Missing says %v", j, n, tb.Missing)
		}
	}
	for i := 1; i < len(tb.Lines); i++ {
		if tb.Lines[i] <= tb.Lines[i-1] {
			t.Fatalf("lines not increasing: %v", tb.Lines)
		}
	}
}
