package console

import "strings"

// diffOp is one run of a word diff: kept, inserted or deleted text.
type diffOp struct {
	Op   string // "=", "+" or "-"
	Text string
}

// maxDiffCells bounds the LCS table; larger texts diff as one replacement.
const maxDiffCells = 1 << 20

// wordDiff is a word-level diff from a to b by longest common subsequence
// (the console's own, about forty lines; no library). Whitespace belongs to
// the word it follows, so the runs joined give back each text exactly.
func wordDiff(a, b string) []diffOp {
	x, y := words(a), words(b)
	if len(x)*len(y) > maxDiffCells {
		return merge([]diffOp{{"-", a}, {"+", b}})
	}
	// lcs[i][j] is the LCS length of x[i:] and y[j:].
	lcs := make([][]int32, len(x)+1)
	for i := range lcs {
		lcs[i] = make([]int32, len(y)+1)
	}
	for i := len(x) - 1; i >= 0; i-- {
		for j := len(y) - 1; j >= 0; j-- {
			if x[i] == y[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var out []diffOp
	i, j := 0, 0
	for i < len(x) || j < len(y) {
		switch {
		case i < len(x) && j < len(y) && x[i] == y[j]:
			out, i, j = append(out, diffOp{"=", x[i]}), i+1, j+1
		case j < len(y) && (i == len(x) || lcs[i][j+1] > lcs[i+1][j]):
			out, j = append(out, diffOp{"+", y[j]}), j+1
		default:
			out, i = append(out, diffOp{"-", x[i]}), i+1
		}
	}
	return merge(out)
}

// words splits s into words, each with the whitespace after it.
func words(s string) []string {
	var out []string
	for s != "" {
		end := strings.IndexAny(s, " \t\n\r")
		if end < 0 {
			return append(out, s)
		}
		for end < len(s) && strings.ContainsRune(" \t\n\r", rune(s[end])) {
			end++
		}
		out, s = append(out, s[:end]), s[end:]
	}
	return out
}

// merge joins neighbouring runs of the same op and drops empty ones.
func merge(ops []diffOp) []diffOp {
	var out []diffOp
	for _, o := range ops {
		switch {
		case o.Text == "":
		case len(out) > 0 && out[len(out)-1].Op == o.Op:
			out[len(out)-1].Text += o.Text
		default:
			out = append(out, o)
		}
	}
	return out
}
