package pimcore

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/graphql-go/graphql"
)

// columnReader reads the filter and sort columns of one row, building the
// object only when a class field is asked for; the caller holds s.mu.
func (s *Server) columnReader(r row, lang string) func(col string) any {
	var o *object
	load := func() *object {
		if o == nil {
			o = s.get(r.index)
		}
		return o
	}
	return func(col string) any {
		switch col {
		case "id":
			return int64(r.index + 1)
		case "published":
			return r.published
		case "modificationDate":
			return r.modified
		case "key":
			return load().Key
		case "path":
			return load().dir() + "/"
		case "creationDate":
			return load().Created
		}
		return s.fieldValue(load(), col, lang)
	}
}

// fieldValue is a class field's column value (nil = NULL).
func (s *Server) fieldValue(o *object, col, lang string) any {
	f, ok := s.fields[col]
	switch {
	case !ok:
		return nil
	case f.Localized:
		if v, ok := o.Local[col][lang]; ok {
			return v
		}
		return nil
	case f.Type == Numeric:
		if v, ok := o.Text[col]; ok {
			n, _ := strconv.ParseFloat(v, 64)
			return n
		}
		return nil
	case f.Type == Checkbox:
		if v, ok := o.Bool[col]; ok {
			return v
		}
		return nil
	}
	if v, ok := o.Text[col]; ok {
		return v
	}
	return nil
}

// resolveGet answers get<Class>(id | fullpath): unpublished objects too, as
// Datahub's getter lists them.
func (s *Server) resolveGet(p graphql.ResolveParams) (any, error) {
	requestOf(p.Context).setLanguage(p.Args)
	id, hasID := p.Args["id"].(int)
	path, hasPath := p.Args["fullpath"].(string)
	if !hasID && !hasPath {
		return nil, errors.New("object id or fullpath expected")
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	i, ok := s.lookup(id, hasID, path, hasPath)
	switch {
	case ok:
		return &node{o: s.effective(s.get(i))}, nil
	case hasID && hasPath:
		return nil, errors.New("either id or fullpath expected but not both")
	case hasID:
		return nil, fmt.Errorf("object with id:'%d' not found", id)
	}
	return nil, fmt.Errorf("object with fullpath:'%s' not found", path)
}

// lookup finds the object by id and/or fullpath (both must fit when both are
// given); the caller holds s.mu.
func (s *Server) lookup(id int, hasID bool, path string, hasPath bool) (int, bool) {
	if hasID && s.get(id-1) == nil {
		return 0, false
	}
	if !hasPath {
		return id - 1, true
	}
	i, ok := s.indexOfPath(path)
	if !ok || (hasID && i != id-1) {
		return 0, false
	}
	return i, true
}
