package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestReplaceSectionKeepsTheOtherSections(t *testing.T) {
	path := filepath.Join(t.TempDir(), "RESULTS.md")
	// a new file gets the header and every section's placeholder; writing one section
	// leaves the others as placeholders, and rewriting it replaces only its own text
	if err := replaceSection(path, "scaling", "## scaling v1\n"); err != nil {
		t.Fatal(err)
	}
	if err := replaceSection(path, "paper", "## paper\n"); err != nil {
		t.Fatal(err)
	}
	if err := replaceSection(path, "scaling", "## scaling v2\n"); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	if !strings.HasPrefix(doc, "# edgetrain: evidence") || strings.Contains(doc, "scaling v1") {
		t.Fatalf("header missing or old section kept:\n%s", doc)
	}
	ip, is, ic := strings.Index(doc, "## paper"), strings.Index(doc, "## scaling v2"), strings.Index(doc, "--only convergence")
	if ip < 0 || is < ip || ic < is {
		t.Fatalf("sections out of order or missing (paper %d, scaling %d, convergence placeholder %d):\n%s", ip, is, ic, doc)
	}

	// a file written before a section existed gets that section's markers after the
	// sections that precede it, and keeps what it had
	old := resultsHeader() + "<!-- evidence:paper begin -->\nkept\n<!-- evidence:paper end -->\n"
	if err := os.WriteFile(path, []byte(old), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := replaceSection(path, "convergence", "## conv\n"); err != nil {
		t.Fatal(err)
	}
	b, _ = os.ReadFile(path)
	doc = string(b)
	if k, c := strings.Index(doc, "kept"), strings.Index(doc, "## conv"); k < 0 || c < k {
		t.Fatalf("old section lost or new one misplaced:\n%s", doc)
	}
}
