package config

import (
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

// parseFile parses data, turning a parser panic into an error.
func parseFile(data []byte) (file *ast.File, err error) {
	defer func() {
		if r := recover(); r != nil {
			file, err = nil, fmt.Errorf("the YAML parser failed: %v", r)
		}
	}()
	return parser.ParseBytes(data, 0)
}

// nodeToValue decodes node into v; panicked reports a library panic.
func nodeToValue(node ast.Node, v any) (err error, panicked bool) {
	defer func() {
		if r := recover(); r != nil {
			err, panicked = fmt.Errorf("the YAML decoder failed: %v", r), true
		}
	}()
	return yaml.NodeToValue(node, v), false
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
	_, p := nodeToValue(node, reflect.New(typ).Interface())
	return p
}
