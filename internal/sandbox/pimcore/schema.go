package pimcore

import (
	"fmt"
	"slices"
	"strconv"

	"github.com/graphql-go/graphql"
)

// node is an object as a GraphQL source; a node without an object resolves
// every field to null (the output of a failed save).
type node struct{ o *object }

// buildSchema generates the GraphQL schema from the server's class as Datahub
// does for a configuration exposing it for reading and updating.
func (s *Server) buildSchema() (graphql.Schema, error) {
	obj := s.objectType()
	edge := graphql.NewObject(graphql.ObjectConfig{Name: s.class.Name + "Edge", Fields: graphql.Fields{
		"cursor": {Type: graphql.String},
		"node":   {Type: obj},
	}})
	conn := graphql.NewObject(graphql.ObjectConfig{Name: s.class.Name + "Connection", Fields: graphql.Fields{
		"edges":      {Type: graphql.NewList(edge)},
		"totalCount": {Type: graphql.Int},
	}})
	query := graphql.NewObject(graphql.ObjectConfig{Name: "Query", Fields: graphql.Fields{
		"get" + s.class.Name: {Type: obj, Args: graphql.FieldConfigArgument{
			"id": {Type: graphql.Int}, "fullpath": {Type: graphql.String}, "defaultLanguage": {Type: graphql.String},
		}, Resolve: s.resolveGet},
		"get" + s.class.Name + "Listing": {Type: conn, Args: listingArgs(), Resolve: s.resolveListing},
	}})
	schema, err := graphql.NewSchema(graphql.SchemaConfig{Query: query, Mutation: s.mutationType(obj)})
	if err != nil {
		return graphql.Schema{}, fmt.Errorf("build schema of class %s: %w", s.class.Name, err)
	}
	return schema, nil
}

// listingArgs are get<Class>Listing's arguments (first/after are offsets).
func listingArgs() graphql.FieldConfigArgument {
	return graphql.FieldConfigArgument{
		"ids": {Type: graphql.String}, "fullpaths": {Type: graphql.String},
		"first": {Type: graphql.Int}, "after": {Type: graphql.Int},
		"sortBy": {Type: graphql.NewList(graphql.String)}, "sortOrder": {Type: graphql.NewList(graphql.String)},
		"filter": {Type: graphql.String}, "published": {Type: graphql.Boolean},
		"defaultLanguage": {Type: graphql.String},
	}
}

// objectType is object_<Class>: system fields, then one field per class field.
// parent and children are typed by a union holding the object type itself,
// so the fields are a thunk.
func (s *Server) objectType() *graphql.Object {
	var tree *graphql.Union
	obj := graphql.NewObject(graphql.ObjectConfig{Name: "object_" + s.class.Name, Fields: graphql.FieldsThunk(func() graphql.Fields {
		fields := s.systemFields()
		for k, f := range s.treeFields(tree) {
			fields[k] = f
		}
		qv := quantityType()
		asset := assetType()
		for _, f := range s.class.flat() {
			fields[f.Name] = s.dataField(f, qv, asset)
		}
		return fields
	})})
	tree = s.treeUnion(obj)
	return obj
}

// systemFields are the columns every object has.
func (s *Server) systemFields() graphql.Fields {
	return graphql.Fields{
		"id":               {Type: graphql.ID, Resolve: sys(func(o *object) any { return strconv.Itoa(o.ID) })},
		"key":              {Type: graphql.String, Resolve: sys(func(o *object) any { return o.Key })},
		"fullpath":         {Type: graphql.String, Resolve: sys(func(o *object) any { return o.fullpath() })},
		"published":        {Type: graphql.Boolean, Resolve: sys(func(o *object) any { return o.Published })},
		"creationDate":     {Type: graphql.Int, Resolve: sys(func(o *object) any { return o.Created })},
		"modificationDate": {Type: graphql.Int, Resolve: sys(func(o *object) any { return o.Modified })},
		"classname":        {Type: graphql.String, Resolve: sys(func(*object) any { return s.class.Name })},
	}
}

// folderID is the products folder's id: created after the import, it follows
// the catalog's objects.
func (s *Server) folderID() int { return s.size() + 1 }

// sys makes a resolver of an object column.
func sys(get func(o *object) any) graphql.FieldResolveFn {
	return func(p graphql.ResolveParams) (any, error) {
		n, ok := p.Source.(*node)
		if !ok || n.o == nil {
			return nil, nil
		}
		return get(n.o), nil
	}
}

// dataField is the query field of one class field, typed by its data type.
func (s *Server) dataField(f flatField, qv, asset *graphql.Object) *graphql.Field {
	name := f.Name
	if f.Localized {
		return s.localizedField(name)
	}
	var t graphql.Output
	var get func(o *object) any
	switch f.Type {
	case Numeric:
		t, get = graphql.Float, func(o *object) any { return number(o.Text, name) }
	case Checkbox:
		t, get = graphql.Boolean, func(o *object) any { return boolOf(o.Bool, name) }
	case QuantityValue:
		t, get = qv, func(o *object) any { return quantityOf(o.Qty, name) }
	case Image:
		t, get = asset, func(o *object) any { return assetOf(o.Text, name) }
	default:
		t, get = graphql.String, func(o *object) any { return textOf(o.Text, name) }
	}
	return &graphql.Field{Type: t, Resolve: sys(get)}
}

// localizedField reads one language of a localized text field: the language
// argument, else the request's default language.
func (s *Server) localizedField(name string) *graphql.Field {
	return &graphql.Field{Type: graphql.String, Args: graphql.FieldConfigArgument{"language": {Type: graphql.String}},
		Resolve: func(p graphql.ResolveParams) (any, error) {
			n, ok := p.Source.(*node)
			if !ok || n.o == nil {
				return nil, nil
			}
			lang, _ := p.Args["language"].(string)
			if lang == "" {
				lang = requestOf(p.Context).language(s.class.Languages[0])
			}
			if !slices.Contains(s.class.Languages, lang) {
				return nil, internal(fmt.Errorf("language %q is not a valid language of localized field %s", lang, name))
			}
			if v, ok := n.o.Local[name][lang]; ok {
				return v, nil
			}
			return nil, nil
		}}
}

func textOf(m map[string]string, k string) any {
	if v, ok := m[k]; ok {
		return v
	}
	return nil
}

// number renders a numeric's decimal text as the JSON number graphql-php writes.
func number(m map[string]string, k string) any {
	v, ok := m[k]
	if !ok {
		return nil
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil {
		return nil
	}
	return f
}

func boolOf(m map[string]bool, k string) any {
	if v, ok := m[k]; ok {
		return v
	}
	return nil
}
