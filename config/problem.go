package config

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// Problem is one thing wrong with a config or rules file, with where it is and
// what to write instead.
type Problem struct {
	File string
	Line int
	Col  int
	// Path is the key path, such as jobs[0].extract.mode.
	Path string
	Msg  string
	Hint string
}

// Error renders the problem as file:line:col: path: message (hint: …).
func (p Problem) Error() string {
	var b strings.Builder
	b.WriteString(p.File)
	if p.Line > 0 {
		fmt.Fprintf(&b, ":%d:%d", p.Line, p.Col)
	}
	b.WriteString(": ")
	if p.Path != "" {
		b.WriteString(p.Path)
		b.WriteString(": ")
	}
	b.WriteString(p.Msg)
	if p.Hint != "" {
		b.WriteString(" (hint: ")
		b.WriteString(p.Hint)
		b.WriteString(")")
	}
	return b.String()
}

// Problems is every problem found in one file. It is returned as an error by Load
// and Validate so that callers see all of them at once.
type Problems []Problem

// Error lists the problems one per line, in file order.
func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.Error()
	}
	return strings.Join(lines, "\n")
}

func (ps Problems) sorted() Problems {
	sort.SliceStable(ps, func(i, j int) bool {
		if ps[i].Line != ps[j].Line {
			return ps[i].Line < ps[j].Line
		}
		return ps[i].Col < ps[j].Col
	})
	return ps
}

// AsProblems extracts the problem list from an error returned by this package.
func AsProblems(err error) (Problems, bool) {
	var ps Problems
	if errors.As(err, &ps) {
		return ps, true
	}
	return nil, false
}

// pos is a line and column in a file.
type pos struct{ line, col int }

// Locator turns key paths into positions in one parsed file.
type Locator struct {
	file string
	idx  map[string]pos
	// durations counts the values its walk reported as no duration.
	durations int
}

// Problem builds a Problem at path, or at its nearest present parent when the key
// itself is missing.
func (l *Locator) Problem(path, msg, hint string) Problem {
	p := Problem{File: l.file, Path: path, Msg: msg, Hint: hint}
	for q := path; ; q = parentPath(q) {
		if at, ok := l.idx[q]; ok {
			p.Line, p.Col = at.line, at.col
			return p
		}
		if q == "" {
			return p
		}
	}
}

func parentPath(p string) string {
	i := strings.LastIndexAny(p, ".[")
	if i < 0 {
		return ""
	}
	return p[:i]
}
