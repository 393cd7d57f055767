package pimcore

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/graphql-go/graphql"
	"github.com/graphql-go/graphql/language/ast"
)

// checkVariables checks variable values against their declared types as
// strictly as graphql-php does (graphql-go's own coercion turns "5" into 5 and
// would let a cursor string pass for an Int). It returns the error message,
// "" when the values fit or when the document does not parse (doc nil; the
// parse error is then reported).
func checkVariables(schema graphql.Schema, doc *ast.Document, opName string, vars map[string]any) string {
	if doc == nil {
		return ""
	}
	op := operation(doc, opName)
	if op == nil {
		return ""
	}
	for _, def := range op.VariableDefinitions {
		if def == nil || def.Variable == nil || def.Variable.Name == nil {
			continue
		}
		name := def.Variable.Name.Value
		v, given := vars[name]
		t := inputType(schema, def.Type)
		if !given || t == nil {
			continue
		}
		if why := checkValue(t, v); why != "" {
			return fmt.Sprintf("Variable \"$%s\" got invalid value %s; %s", name, show(v), why)
		}
	}
	return ""
}

// operation finds the operation opName, or the only one when opName is "".
func operation(doc *ast.Document, opName string) *ast.OperationDefinition {
	var found []*ast.OperationDefinition
	for _, d := range doc.Definitions {
		op, ok := d.(*ast.OperationDefinition)
		if !ok {
			continue
		}
		if opName == "" || (op.Name != nil && op.Name.Value == opName) {
			found = append(found, op)
		}
	}
	if len(found) != 1 {
		return nil
	}
	return found[0]
}

// inputType resolves a variable's type AST in the schema, nil when unknown.
func inputType(schema graphql.Schema, t ast.Type) graphql.Input {
	switch t := t.(type) {
	case *ast.NonNull:
		if in := inputType(schema, t.Type); in != nil {
			return graphql.NewNonNull(in)
		}
	case *ast.List:
		if in := inputType(schema, t.Type); in != nil {
			return graphql.NewList(in)
		}
	case *ast.Named:
		if in, ok := schema.Type(t.Name.Value).(graphql.Input); ok {
			return in
		}
	}
	return nil
}

// checkValue says why v does not fit t, "" when it does.
func checkValue(t graphql.Input, v any) string {
	if v == nil {
		if nn, ok := t.(*graphql.NonNull); ok {
			return fmt.Sprintf("Expected non-nullable type \"%s\" not to be null.", nn)
		}
		return ""
	}
	switch t := t.(type) {
	case *graphql.NonNull:
		return checkValue(t.OfType, v)
	case *graphql.List:
		list, ok := v.([]any)
		if !ok {
			return checkValue(t.OfType, v) // a single value counts as a list of one
		}
		for _, x := range list {
			if why := checkValue(t.OfType, x); why != "" {
				return why
			}
		}
	case *graphql.InputObject:
		return checkObject(t, v)
	case *graphql.Scalar:
		return checkScalar(t.Name(), v)
	}
	return ""
}

// checkObject checks an input object's fields.
func checkObject(t *graphql.InputObject, v any) string {
	m, ok := v.(map[string]any)
	if !ok {
		return fmt.Sprintf("Expected type \"%s\" to be an object.", t.Name())
	}
	fields := t.Fields()
	for k, x := range m {
		f, ok := fields[k]
		if !ok {
			return fmt.Sprintf("Field \"%s\" is not defined by type \"%s\".", k, t.Name())
		}
		if why := checkValue(f.Type, x); why != "" {
			return fmt.Sprintf("at \"%s\": %s", k, why)
		}
	}
	return ""
}

// checkScalar checks a built-in scalar's value without coercion.
func checkScalar(name string, v any) string {
	n, isNum := v.(json.Number)
	switch name {
	case "Int":
		if isNum && !strings.ContainsAny(n.String(), ".eE") {
			if _, err := n.Int64(); err == nil {
				return ""
			}
		}
		return "Int cannot represent non-integer value: " + show(v)
	case "Float":
		if isNum {
			return ""
		}
		return "Float cannot represent non numeric value: " + show(v)
	case "String":
		if _, ok := v.(string); ok {
			return ""
		}
		return "String cannot represent a non string value: " + show(v)
	case "Boolean":
		if _, ok := v.(bool); ok {
			return ""
		}
		return "Boolean cannot represent a non boolean value: " + show(v)
	case "ID":
		if _, ok := v.(string); ok || (isNum && !strings.ContainsAny(n.String(), ".eE")) {
			return ""
		}
		return "ID cannot represent a non-string and non-integer value: " + show(v)
	}
	return ""
}

// show renders a value as JSON for a message.
func show(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}
