package pimcore

import (
	"errors"
	"strconv"

	"github.com/graphql-go/graphql"
)

// mutationType is the Mutation root with update<Class>.
func (s *Server) mutationType(obj *graphql.Object) *graphql.Object {
	result := graphql.NewObject(graphql.ObjectConfig{Name: "Update" + s.class.Name + "Result", Fields: graphql.Fields{
		"success": {Type: graphql.Boolean},
		"message": {Type: graphql.String},
		"output": {Type: obj, Args: graphql.FieldConfigArgument{"defaultLanguage": {Type: graphql.String}},
			Resolve: s.resolveOutput},
	}})
	return graphql.NewObject(graphql.ObjectConfig{Name: "Mutation", Fields: graphql.Fields{
		"update" + s.class.Name: {Type: result, Args: graphql.FieldConfigArgument{
			"id": {Type: graphql.Int}, "fullpath": {Type: graphql.String}, "defaultLanguage": {Type: graphql.String},
			"omitMandatoryCheck": {Type: graphql.Boolean}, "omitVersionCreate": {Type: graphql.Boolean}, "userId": {Type: graphql.Int},
			"input": {Type: s.inputType()},
		}, Resolve: s.resolveUpdate},
	}})
}

// inputType is Update<Class>Input: one field per writable class field. A
// localized field takes the text for the mutation's defaultLanguage (the
// system's first language when none is given), as Datahub's update example
// writes a German title; several languages take one update per language
// (aliased in one request). Image fields are not writable here.
func (s *Server) inputType() *graphql.InputObject {
	qv := graphql.NewInputObject(graphql.InputObjectConfig{Name: "QuantityValueInput", Fields: graphql.InputObjectConfigFieldMap{
		"value":  {Type: graphql.Float},
		"unit":   {Type: graphql.String},
		"unitId": {Type: graphql.String},
	}})
	fields := graphql.InputObjectConfigFieldMap{}
	for _, f := range s.class.flat() {
		switch {
		case f.Localized:
			fields[f.Name] = &graphql.InputObjectFieldConfig{Type: graphql.String}
		case f.Type == Numeric:
			fields[f.Name] = &graphql.InputObjectFieldConfig{Type: graphql.Float}
		case f.Type == Checkbox:
			fields[f.Name] = &graphql.InputObjectFieldConfig{Type: graphql.Boolean}
		case f.Type == QuantityValue:
			fields[f.Name] = &graphql.InputObjectFieldConfig{Type: qv}
		case f.Type == Image:
		default:
			fields[f.Name] = &graphql.InputObjectFieldConfig{Type: graphql.String}
		}
	}
	return graphql.NewInputObject(graphql.InputObjectConfig{Name: "Update" + s.class.Name + "Input", Fields: fields})
}

// resolveUpdate applies the input to the object and saves it; a failed
// validation saves nothing and answers success false with Pimcore's text,
// as the update resolver's catch answers any exception of the save
// (Concrete::update throws one ValidationException for all failures).
func (s *Server) resolveUpdate(p graphql.ResolveParams) (any, error) {
	req := requestOf(p.Context)
	req.setLanguage(p.Args)
	lang := req.language(s.class.Languages[0])
	id, hasID := p.Args["id"].(int)
	path, hasPath := p.Args["fullpath"].(string)
	input, _ := p.Args["input"].(map[string]any)
	for _, k := range explicitNulls(p.Context, p.Info) {
		if input == nil {
			input = map[string]any{}
		}
		input[k] = nil
	}
	s.mu.Lock()
	i, ok := s.lookup(id, hasID, path, hasPath)
	if !ok || (!hasID && !hasPath) {
		s.mu.Unlock()
		return map[string]any{"success": false, "message": "unable to update object. Unknown id or fullpath"}, nil
	}
	o := s.get(i).clone()
	if err := s.apply(o, input, lang, omitsMandatory(o, p.Args)); err != nil {
		s.mu.Unlock()
		return map[string]any{"success": false, "message": err.Error()}, nil
	}
	o.Modified = s.now().Unix()
	s.store(i, o)
	s.mu.Unlock()
	s.statsMu.Lock()
	s.writes[o.Key]++
	s.statsMu.Unlock()
	// data-hub's update resolver answers 'object ' . $id . ' updated' since
	// data-hub#549 (2022; create answers "object created: <id>"), as
	// PROTOCOLS.md §8 writes it.
	return map[string]any{"success": true, "message": "object " + strconv.Itoa(o.ID) + " updated", "index": i}, nil
}

// resolveOutput reads the saved object back through the getter, as
// Datahub's output resolver does with the result's id. A failed save's
// result has no id, so the getter fails with its client-safe text: output is
// null and errors[] gains "object id or fullpath expected" at [alias,
// "output"] (data-hub MutationType; PROTOCOLS.md §8's "output with null
// fields" is not what that code does).
func (s *Server) resolveOutput(p graphql.ResolveParams) (any, error) {
	res, _ := p.Source.(map[string]any)
	i, ok := res["index"].(int)
	if !ok {
		return nil, errors.New("object id or fullpath expected")
	}
	requestOf(p.Context).setLanguage(p.Args)
	s.mu.RLock()
	defer s.mu.RUnlock()
	return &node{o: s.effective(s.get(i))}, nil
}
