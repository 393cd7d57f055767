package config

import (
	"fmt"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/goccy/go-yaml/ast"
)

var (
	astNodeType  = reflect.TypeFor[ast.Node]()
	durationType = reflect.TypeFor[Duration]()
)

// walk visits node alongside the Go type it will decode into, recording the
// position of every key path and a problem for every key the type does not have.
// Raw sections (fields of type ast.Node) are recorded but not entered: their
// owners decode them.
func (l *Locator) walk(node ast.Node, typ reflect.Type, path string, ps *Problems) {
	node = unwrap(node)
	if node == nil {
		return
	}
	if tok := node.GetToken(); tok != nil {
		if _, seen := l.idx[path]; !seen {
			l.idx[path] = pos{tok.Position.Line, tok.Position.Column}
		}
	}
	for typ.Kind() == reflect.Pointer {
		typ = typ.Elem()
	}
	switch typ {
	case astNodeType:
		return
	case durationType:
		l.checkDuration(node, path, ps)
		return
	}
	switch n := node.(type) {
	case *ast.MappingNode:
		for _, mv := range n.Values {
			l.walkEntry(mv, typ, path, ps)
		}
	case *ast.MappingValueNode:
		l.walkEntry(n, typ, path, ps)
	case *ast.SequenceNode:
		if typ.Kind() != reflect.Slice {
			return
		}
		for i, v := range n.Values {
			l.walk(v, typ.Elem(), indexPath(path, i), ps)
		}
	}
}

// checkDuration reports a scalar at path that is no duration, at its key
// (the decoder's own error has no place).
func (l *Locator) checkDuration(node ast.Node, path string, ps *Problems) {
	sc, ok := node.(ast.ScalarNode)
	if !ok || sc.GetValue() == nil {
		return
	}
	v := fmt.Sprint(sc.GetValue())
	if _, err := time.ParseDuration(v); err != nil {
		*ps = append(*ps, l.Problem(path, strconv.Quote(v)+" is not a duration", "a number with its unit: 90s, 30m, 12h"))
		l.durations++
	}
}

func (l *Locator) walkEntry(mv *ast.MappingValueNode, typ reflect.Type, path string, ps *Problems) {
	key := mv.Key.String()
	sub := joinPath(path, key)
	if tok := mv.Key.GetToken(); tok != nil {
		l.idx[sub] = pos{tok.Position.Line, tok.Position.Column}
	}
	switch typ.Kind() {
	case reflect.Map:
		l.walk(mv.Value, typ.Elem(), sub, ps)
	case reflect.Struct:
		f, ok := fieldByTag(typ, key)
		if !ok {
			*ps = append(*ps, l.Problem(sub, "unknown key \""+key+"\"", unknownKeyHint(typ, key)))
			return
		}
		l.walk(mv.Value, f.Type, sub, ps)
	}
}

func unwrap(n ast.Node) ast.Node {
	for {
		switch v := n.(type) {
		case *ast.DocumentNode:
			n = v.Body
		case *ast.TagNode:
			n = v.Value
		case *ast.AnchorNode:
			n = v.Value
		default:
			return n
		}
	}
}

func joinPath(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func indexPath(path string, i int) string {
	return path + "[" + itoa(i) + "]"
}

func itoa(i int) string {
	return strconv.Itoa(i)
}

// yamlName is the key a struct field decodes from.
func yamlName(f reflect.StructField) string {
	tag := f.Tag.Get("yaml")
	name, _, _ := strings.Cut(tag, ",")
	if name == "" {
		return strings.ToLower(f.Name)
	}
	return name
}

func fieldByTag(typ reflect.Type, key string) (reflect.StructField, bool) {
	for i := range typ.NumField() {
		f := typ.Field(i)
		if f.IsExported() && yamlName(f) == key && yamlName(f) != "-" {
			return f, true
		}
	}
	return reflect.StructField{}, false
}

// unknownKeyHint suggests the closest known key, or lists the keys allowed.
func unknownKeyHint(typ reflect.Type, key string) string {
	var names []string
	for i := range typ.NumField() {
		if f := typ.Field(i); f.IsExported() && yamlName(f) != "-" {
			names = append(names, yamlName(f))
		}
	}
	best, bestD := "", 3
	for _, n := range names {
		if d := editDistance(key, n); d < bestD {
			best, bestD = n, d
		}
	}
	if best != "" {
		return "did you mean \"" + best + "\"?"
	}
	sort.Strings(names)
	return "allowed keys: " + strings.Join(names, ", ")
}

func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}
