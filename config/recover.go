package config

import (
	"errors"
	"fmt"
	"reflect"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
)

// The YAML library can panic on input it should reject (issue 6 #20: a tag
// such as !00000 on a sequence-typed key). A user file must never crash
// steward, so every call into the library goes through these wrappers, and a
// panic becomes a Problem placed at the deepest key whose value alone still
// makes the library panic.

const panicHint = "the YAML parser could not read this value; check its syntax and remove unusual tags (!...), anchors or aliases"

// parseFile parses data named name. A parser panic becomes a problem at the
// first line whose prefix of the file makes the parser panic.
func parseFile(name string, data []byte) (*ast.File, error) {
	file, err := parseBytes(data)
	var pe *panicError
	if !errors.As(err, &pe) {
		return file, err
	}
	line := firstPanicLine(data, func(b []byte) bool { _, err := parseBytes(b); return errors.As(err, &pe) })
	return nil, Problem{File: name, Line: line, Col: 1, Msg: "the YAML parser failed: " + fmt.Sprint(pe.value), Hint: panicHint}
}

func parseBytes(data []byte) (file *ast.File, err error) {
	defer func() {
		if r := recover(); r != nil {
			file, err = nil, &panicError{r}
		}
	}()
	return parser.ParseBytes(data, 0)
}

// firstPanicLine binary-searches the shortest prefix of whole lines on which
// panics holds (it holds on all of data) and returns its last line number.
func firstPanicLine(data []byte, panics func([]byte) bool) int {
	ends := []int{}
	for i, c := range data {
		if c == '\n' {
			ends = append(ends, i+1)
		}
	}
	if len(ends) == 0 || ends[len(ends)-1] != len(data) {
		ends = append(ends, len(data))
	}
	lo, hi := 0, len(ends)-1 // the prefix ending at ends[hi] panics
	for lo < hi {
		mid := (lo + hi) / 2
		if panics(data[:ends[mid]]) {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return hi + 1
}

// panicError is a panic inside the YAML library, caught.
type panicError struct{ value any }

func (e *panicError) Error() string { return fmt.Sprintf("the YAML decoder failed: %v", e.value) }

// nodeToValue decodes node into v; a library panic comes back as *panicError.
func nodeToValue(node ast.Node, v any) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = &panicError{r}
		}
	}()
	return yaml.NodeToValue(node, v)
}

// walkSafe runs the locator walk, turning a panic into a problem at path.
func (l *Locator) walkSafe(node ast.Node, typ reflect.Type, path string, ps *Problems) {
	defer func() {
		if r := recover(); r != nil {
			*ps = append(*ps, l.Problem(path, fmt.Sprintf("the YAML reader failed: %v", r), panicHint))
		}
	}()
	l.walk(node, typ, path, ps)
}

// panicProblem places a decoder panic on node (decoded into typ at path) at
// the deepest key whose value alone reproduces it.
func (l *Locator) panicProblem(node ast.Node, typ reflect.Type, path string, err error) Problem {
	at := l.culprit(node, typ, path, 0)
	return l.Problem(at, err.Error(), panicHint)
}

// culprit descends into the entries of node that panic on their own and
// returns the key path of the deepest one.
func (l *Locator) culprit(node ast.Node, typ reflect.Type, path string, depth int) string {
	node = unwrap(node)
	for typ.Kind() == reflect.Pointer {
		typ = typ.Elem()
	}
	if node == nil || depth > 64 || typ == astNodeType {
		return path
	}
	for _, c := range children(node, typ, path) {
		if panics(c.node, c.typ) {
			return l.culprit(c.node, c.typ, c.path, depth+1)
		}
	}
	return path
}

type child struct {
	node ast.Node
	typ  reflect.Type
	path string
}

// children lists node's entries with the Go type each decodes into.
func children(node ast.Node, typ reflect.Type, path string) []child {
	var out []child
	switch n := node.(type) {
	case *ast.MappingNode:
		for _, mv := range n.Values {
			out = append(out, entry(mv, typ, path)...)
		}
	case *ast.MappingValueNode:
		out = entry(n, typ, path)
	case *ast.SequenceNode:
		if typ.Kind() == reflect.Slice || typ.Kind() == reflect.Array {
			for i, v := range n.Values {
				out = append(out, child{v, typ.Elem(), indexPath(path, i)})
			}
		}
	}
	return out
}

func entry(mv *ast.MappingValueNode, typ reflect.Type, path string) []child {
	key := mv.Key.String()
	switch typ.Kind() {
	case reflect.Map:
		return []child{{mv.Value, typ.Elem(), joinPath(path, key)}}
	case reflect.Struct:
		if f, ok := fieldByTag(typ, key); ok {
			return []child{{mv.Value, f.Type, joinPath(path, key)}}
		}
	}
	return nil
}

func panics(node ast.Node, typ reflect.Type) bool {
	var pe *panicError
	return errors.As(nodeToValue(node, reflect.New(typ).Interface()), &pe)
}
