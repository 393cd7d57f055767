package pimcorefake

import (
	"errors"
	"fmt"

	"github.com/graphql-go/graphql"
)

func (s *Server) mutation(product *graphql.Object) *graphql.Object {
	qvIn := graphql.NewInputObject(graphql.InputObjectConfig{Name: "QuantityValueInput", Fields: graphql.InputObjectConfigFieldMap{
		"value": {Type: exact}, "unit": {Type: graphql.String},
	}})
	in := graphql.InputObjectConfigFieldMap{"price": {Type: exact}, "weight": {Type: qvIn}}
	for _, f := range append([]string{"sku", "family", "ean", "color"}, localizedFields...) {
		in[f] = &graphql.InputObjectFieldConfig{Type: graphql.String}
	}
	input := graphql.NewInputObject(graphql.InputObjectConfig{Name: "UpdateProductInput", Fields: in})
	payload := graphql.NewObject(graphql.ObjectConfig{Name: "UpdateProductPayload", Fields: graphql.Fields{
		"success": {Type: graphql.Boolean}, "message": {Type: graphql.String}, "output": {Type: product},
	}})
	return graphql.NewObject(graphql.ObjectConfig{Name: "Mutation", Fields: graphql.Fields{
		"updateProduct": {Type: payload, Resolve: s.update, Args: graphql.FieldConfigArgument{
			"id": {Type: graphql.Int}, "fullpath": {Type: graphql.String}, "defaultLanguage": {Type: graphql.String}, "input": {Type: input},
			"omitMandatoryCheck": {Type: graphql.Boolean},
		}},
	}})
}

// update applies an input to a copy and saves it when it validates: an ean
// longer than 13 characters fails the save with success false.
func (s *Server) update(p graphql.ResolveParams) (any, error) {
	id, _ := p.Args["id"].(int)
	o, ok := s.objs[int64(id)]
	if !ok {
		return map[string]any{"success": false, "message": fmt.Sprintf("object with id %d not found", id)}, nil
	}
	if o.Fail || o.FailUpdate {
		return nil, errors.New("Internal server error")
	}
	lang, _ := p.Args["defaultLanguage"].(string)
	if lang == "" {
		lang = "en"
	}
	next := *o
	next.Localized = map[string]map[string]string{}
	for l, m := range o.Localized {
		next.Localized[l] = map[string]string{}
		for k, v := range m {
			next.Localized[l][k] = v
		}
	}
	in, _ := p.Args["input"].(map[string]any)
	apply(&next, in, lang)
	if len(next.EAN) > 13 {
		return map[string]any{"success": false, "message": "Validation failed: ean: value is too long (max 13)", "output": nil}, nil
	}
	s.now++
	next.Mod = s.now
	*o = next
	return map[string]any{"success": true, "message": fmt.Sprintf("object %d updated", id), "output": o}, nil
}

func apply(o *Object, in map[string]any, lang string) {
	str := func(k string) (string, bool) { v, ok := in[k].(string); return v, ok }
	if v, ok := str("sku"); ok {
		o.SKU = v
	}
	if v, ok := str("family"); ok {
		o.Family = v
	}
	if v, ok := str("ean"); ok {
		o.EAN = v
	}
	if v, ok := str("color"); ok {
		o.Color = v
	}
	if v, ok := str("price"); ok {
		o.Price = v
	}
	if w, ok := in["weight"].(map[string]any); ok {
		q := &Quantity{}
		q.Value, _ = w["value"].(string)
		q.Unit, _ = w["unit"].(string)
		o.Weight = q
	}
	for _, f := range localizedFields {
		if v, ok := str(f); ok {
			if o.Localized[lang] == nil {
				o.Localized[lang] = map[string]string{}
			}
			o.Localized[lang][f] = v
		}
	}
}
