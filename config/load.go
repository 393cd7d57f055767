package config

import (
	"errors"
	"fmt"
	"os"
	"reflect"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
)

// MaxFileSize bounds a config or rules file.
const MaxFileSize = 4 << 20

// Load reads, decodes and validates a config file. A returned error that holds
// Problems lists every problem found; other errors mean the file could not be read.
//
// known holds what the wiring registered (kinds, auth flows, data types);
// nil checks no such name.
func Load(path string, known *Known) (*File, error) {
	data, err := readBounded(path)
	if err != nil {
		return nil, err
	}
	return Parse(path, data, known, os.LookupEnv)
}

// Parse decodes and validates config bytes named name, resolving ${ENV}
// references with lookup.
func Parse(name string, data []byte, known *Known, lookup func(string) (string, bool)) (*File, error) {
	f := &File{Path: name, known: known}
	loc, ps := Decode(name, data, f)
	f.loc = loc
	if loc == nil {
		return nil, ps
	}
	applyDefaults(f)
	ps = append(ps, f.validate(known, lookup)...)
	if len(ps) > 0 {
		return f, ps.sorted()
	}
	return f, nil
}

func readBounded(path string) ([]byte, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("read config: %w", err)
	}
	if st.Size() > MaxFileSize {
		return nil, fmt.Errorf("read config %s: %d bytes, over the %d byte limit", path, st.Size(), MaxFileSize)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read config: %w", err)
	}
	return data, nil
}

// ReadFile reads a YAML file (config or rules) within the size limit.
func ReadFile(path string) ([]byte, error) { return readBounded(path) }

// Decode parses YAML bytes into v, a pointer to a struct with yaml tags. Unknown
// keys and type mismatches are all reported as Problems. The Locator maps key
// paths to positions for later validation; it is nil when the file would not
// parse at all.
func Decode(name string, data []byte, v any) (*Locator, Problems) {
	file, err := parseFile(name, data)
	var p Problem
	if errors.As(err, &p) {
		return nil, Problems{p}
	}
	if err != nil {
		return nil, Problems{yamlProblem(name, "", err)}
	}
	loc := &Locator{file: name, idx: map[string]pos{}}
	var ps Problems
	if len(file.Docs) == 0 || file.Docs[0].Body == nil {
		return loc, Problems{{File: name, Line: 1, Col: 1, Msg: "file is empty", Hint: "start with version: 1"}}
	}
	if len(file.Docs) > 1 {
		ps = append(ps, Problem{File: name, Line: 1, Col: 1, Msg: "file holds more than one YAML document", Hint: "keep one document, without ---"})
	}
	typ := reflect.TypeOf(v).Elem()
	loc.walkSafe(file.Docs[0].Body, typ, "", &ps)
	ps = append(ps, loc.decodeNode(file.Docs[0].Body, typ, "", v, loc)...)
	return loc, ps
}

// DecodeSection decodes a raw connector section into v and reports problems with
// positions in the original file; path is the section's key path.
func (l *Locator) DecodeSection(node ast.Node, path string, v any) Problems {
	if node == nil {
		return nil
	}
	var ps Problems
	sub := &Locator{file: l.file, idx: map[string]pos{}}
	typ := reflect.TypeOf(v).Elem()
	sub.walkSafe(node, typ, path, &ps)
	for k, p := range sub.idx {
		l.idx[k] = p
	}
	return append(ps, l.decodeNode(node, typ, path, v, sub)...)
}

// Section decodes a system's raw settings for its connector.
func (f *File) Section(system string, v any) Problems {
	s := f.Systems[system]
	return f.loc.DecodeSection(s.Settings, "systems."+system+".settings", v)
}

// Problem builds a Problem at a key path of this file.
func (f *File) Problem(path, msg, hint string) Problem { return f.loc.Problem(path, msg, hint) }

// decodeNode decodes node (of Go type typ, at key path) into v. A library
// panic becomes a problem at the key that causes it; a value that is no
// duration is left to walked, the locator whose walk visited node, when it
// reported one.
func (l *Locator) decodeNode(node ast.Node, typ reflect.Type, path string, v any, walked *Locator) Problems {
	// Unknown keys were reported by the walk, so the decode itself is lenient.
	err := nodeToValue(node, v)
	var pe *panicError
	var de *durationError
	switch {
	case errors.As(err, &pe):
		return Problems{l.panicProblem(node, typ, path, err)}
	case errors.As(err, &de) && walked.durations > 0:
		return nil // the walk reported it at its key
	case err != nil:
		return Problems{yamlProblem(l.file, "", err)}
	}
	return nil
}

func yamlProblem(name, path string, err error) Problem {
	var ye yaml.Error
	if errors.As(err, &ye) && ye.GetToken() != nil {
		pos := ye.GetToken().Position
		return Problem{File: name, Line: pos.Line, Col: pos.Column, Path: path, Msg: ye.GetMessage(), Hint: "check the YAML syntax and value type at this position"}
	}
	return Problem{File: name, Path: path, Msg: err.Error()}
}
