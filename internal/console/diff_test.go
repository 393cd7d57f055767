package console

import (
	"slices"
	"strings"
	"testing"
)

func TestWordDiff(t *testing.T) {
	cases := []struct {
		a, b string
		want []diffOp
	}{
		{"", "new text", []diffOp{{"+", "new text"}}},
		{"same text", "same text", []diffOp{{"=", "same text"}}},
		{"a soft blue shirt", "a soft red shirt", []diffOp{{"=", "a soft "}, {"-", "blue "}, {"+", "red "}, {"=", "shirt"}}},
		{"cotton  shirt", "cotton shirt", []diffOp{{"-", "cotton  "}, {"+", "cotton "}, {"=", "shirt"}}},
		{"old", "", []diffOp{{"-", "old"}}},
	}
	for _, c := range cases {
		got := wordDiff(c.a, c.b)
		if !slices.Equal(got, c.want) {
			t.Errorf("wordDiff(%q, %q) = %v, want %v", c.a, c.b, got, c.want)
		}
		var a, b strings.Builder
		for _, o := range got {
			if o.Op != "+" {
				a.WriteString(o.Text)
			}
			if o.Op != "-" {
				b.WriteString(o.Text)
			}
		}
		if a.String() != c.a || b.String() != c.b {
			t.Errorf("wordDiff(%q, %q) does not rebuild both texts", c.a, c.b)
		}
	}
}

func TestWordDiffBoundsLargeTexts(t *testing.T) {
	a, b := strings.Repeat("x ", 1500), strings.Repeat("y ", 1500)
	if got := wordDiff(a, b); len(got) != 2 {
		t.Fatalf("large diff: %d runs, want one replacement", len(got))
	}
}
