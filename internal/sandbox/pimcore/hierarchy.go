package pimcore

import (
	"strconv"

	"github.com/graphql-go/graphql"
)

// The tree around an object, as Datahub exposes it: parent is the folder or
// the object above it and children(objectTypes:) the objects below it, both
// typed as a union (object_tree) read with inline fragments
// (`parent { ... on object_Product { id key } }`), as data-hub's "Get objects
// Parent/Children/Siblings" sample does. children's objectTypes defaults to
// ["object", "folder"]: variants are listed only when asked for.

// folderRef is the products folder as a source of the union.
type folderRef struct{ id int }

// treeUnion is the union of the folder type and the class's object type.
func (s *Server) treeUnion(obj *graphql.Object) *graphql.Union {
	folder := graphql.NewObject(graphql.ObjectConfig{Name: "object_folder", Fields: graphql.Fields{
		"id":       {Type: graphql.ID, Resolve: folderField(func(f folderRef) any { return strconv.Itoa(f.id) })},
		"key":      {Type: graphql.String, Resolve: folderField(func(folderRef) any { return folderPath[1:] })},
		"fullpath": {Type: graphql.String, Resolve: folderField(func(folderRef) any { return folderPath })},
	}})
	return graphql.NewUnion(graphql.UnionConfig{Name: "object_tree", Types: []*graphql.Object{folder, obj},
		ResolveType: func(p graphql.ResolveTypeParams) *graphql.Object {
			if _, ok := p.Value.(folderRef); ok {
				return folder
			}
			return obj
		}})
}

func folderField(get func(folderRef) any) graphql.FieldResolveFn {
	return func(p graphql.ResolveParams) (any, error) {
		f, ok := p.Source.(folderRef)
		if !ok {
			return nil, nil
		}
		return get(f), nil
	}
}

// treeFields are parent and children, typed by the union.
func (s *Server) treeFields(tree *graphql.Union) graphql.Fields {
	return graphql.Fields{
		"parent": {Type: tree, Resolve: sys(func(o *object) any {
			if o.ParentID == 0 {
				return folderRef{id: s.folderID()}
			}
			s.mu.RLock()
			defer s.mu.RUnlock()
			if p := s.effective(s.get(o.ParentID - 1)); p != nil {
				return &node{o: p}
			}
			return nil
		})},
		"children": {Type: graphql.NewList(tree), Args: graphql.FieldConfigArgument{"objectTypes": {Type: graphql.NewList(graphql.String)}},
			Resolve: func(p graphql.ResolveParams) (any, error) {
				n, ok := p.Source.(*node)
				if !ok || n.o == nil {
					return nil, nil
				}
				types := []string{"object", "folder"}
				if list, ok := p.Args["objectTypes"].([]any); ok {
					types = types[:0]
					for _, t := range list {
						if ts, ok := t.(string); ok {
							types = append(types, ts)
						}
					}
				}
				s.mu.RLock()
				defer s.mu.RUnlock()
				out := []any{}
				for _, c := range s.children(n.o.ID-1, types) {
					out = append(out, &node{o: s.effective(c)})
				}
				return out, nil
			}},
	}
}
