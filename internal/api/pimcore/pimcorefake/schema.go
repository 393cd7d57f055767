package pimcorefake

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"

	"github.com/graphql-go/graphql"
	"github.com/graphql-go/graphql/language/ast"
)

// exact is Float kept as its decimal text both ways, as a PHP float of a
// numeric field with precision 2 keeps its digits.
var exact = graphql.NewScalar(graphql.ScalarConfig{
	Name: "Float",
	Serialize: func(v any) any {
		if s, ok := v.(string); ok && s != "" {
			return json.Number(s)
		}
		return nil
	},
	ParseValue: func(v any) any { return fmt.Sprint(v) },
	ParseLiteral: func(v ast.Value) any {
		switch n := v.(type) {
		case *ast.FloatValue:
			return n.Value
		case *ast.IntValue:
			return n.Value
		}
		return nil
	},
})

var localizedFields = []string{"name", "description", "descriptionDraft"}

func (s *Server) buildSchema() graphql.Schema {
	unit := graphql.NewObject(graphql.ObjectConfig{Name: "QuantityValueUnit", Fields: graphql.Fields{"abbreviation": {Type: graphql.String}}})
	qv := graphql.NewObject(graphql.ObjectConfig{Name: "QuantityValue", Fields: graphql.Fields{
		"value": {Type: exact, Resolve: func(p graphql.ResolveParams) (any, error) { return p.Source.(*Quantity).Value, nil }},
		"unit": {Type: unit, Resolve: func(p graphql.ResolveParams) (any, error) {
			return map[string]any{"abbreviation": p.Source.(*Quantity).Unit}, nil
		}},
	}})
	product := graphql.NewObject(graphql.ObjectConfig{Name: "object_Product", Fields: productFields(qv)})
	edge := graphql.NewObject(graphql.ObjectConfig{Name: "object_ProductEdge", Fields: graphql.Fields{"cursor": {Type: graphql.String}, "node": {Type: product}}})
	conn := graphql.NewObject(graphql.ObjectConfig{Name: "object_ProductConnection", Fields: graphql.Fields{"totalCount": {Type: graphql.Int}, "edges": {Type: graphql.NewList(edge)}}})
	query := graphql.NewObject(graphql.ObjectConfig{Name: "Query", Fields: graphql.Fields{
		"getProduct": {Type: product, Args: graphql.FieldConfigArgument{"id": {Type: graphql.Int}, "fullpath": {Type: graphql.String}, "defaultLanguage": {Type: graphql.String}},
			Resolve: func(p graphql.ResolveParams) (any, error) {
				id, _ := p.Args["id"].(int)
				if o, ok := s.objs[int64(id)]; ok {
					return o, nil
				}
				return nil, nil
			}},
		"getProductListing": {Type: conn, Args: listingArgs(), Resolve: s.listing},
	}})
	schema, err := graphql.NewSchema(graphql.SchemaConfig{Query: query, Mutation: s.mutation(product)})
	if err != nil {
		panic(err)
	}
	return schema
}

func listingArgs() graphql.FieldConfigArgument {
	strs := graphql.NewList(graphql.String)
	return graphql.FieldConfigArgument{
		"first": {Type: graphql.Int}, "after": {Type: graphql.Int}, "sortBy": {Type: strs}, "sortOrder": {Type: strs},
		"filter": {Type: graphql.String}, "ids": {Type: graphql.String}, "fullpaths": {Type: graphql.String},
		"published": {Type: graphql.Boolean}, "defaultLanguage": {Type: graphql.String},
	}
}

func productFields(qv *graphql.Object) graphql.Fields {
	obj := func(p graphql.ResolveParams) (*Object, error) {
		o := p.Source.(*Object)
		if o.Fail {
			return nil, errors.New("Internal server error")
		}
		return o, nil
	}
	field := func(t graphql.Output, get func(o *Object) any) *graphql.Field {
		return &graphql.Field{Type: t, Resolve: func(p graphql.ResolveParams) (any, error) {
			o, err := obj(p)
			if err != nil {
				return nil, err
			}
			return get(o), nil
		}}
	}
	opt := func(s string) any {
		if s == "" {
			return nil
		}
		return s
	}
	fs := graphql.Fields{
		"id":               field(graphql.ID, func(o *Object) any { return strconv.FormatInt(o.ID, 10) }),
		"modificationDate": field(graphql.Int, func(o *Object) any { return o.Mod }),
		"published":        field(graphql.Boolean, func(o *Object) any { return o.Published }),
		"classname":        field(graphql.String, func(*Object) any { return "Product" }),
		"sku":              field(graphql.String, func(o *Object) any { return opt(o.SKU) }),
		"family":           field(graphql.String, func(o *Object) any { return opt(o.Family) }),
		"ean":              field(graphql.String, func(o *Object) any { return opt(o.EAN) }),
		"color":            field(graphql.String, func(o *Object) any { return opt(o.Color) }),
		"price":            field(exact, func(o *Object) any { return o.Price }),
		"weight": field(qv, func(o *Object) any {
			if o.Weight == nil {
				return nil
			}
			return o.Weight
		}),
	}
	for _, name := range localizedFields {
		fs[name] = &graphql.Field{Type: graphql.String, Args: graphql.FieldConfigArgument{"language": {Type: graphql.String}},
			Resolve: func(p graphql.ResolveParams) (any, error) {
				o, err := obj(p)
				if err != nil {
					return nil, err
				}
				lang, _ := p.Args["language"].(string)
				if lang == "" {
					lang = "en"
				}
				return opt(o.Localized[lang][name]), nil
			}}
	}
	return fs
}
