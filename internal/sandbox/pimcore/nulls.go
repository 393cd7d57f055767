package pimcore

import (
	"context"

	"github.com/graphql-go/graphql"
	"github.com/graphql-go/graphql/language/ast"
)

type varsKey struct{}

// explicitNulls finds the input fields a mutation set to null through
// variables: graphql-go drops them while coercing (and v0.8.1 cannot parse a
// null literal), but Datahub hands a null to the field's setter, clearing it.
func explicitNulls(ctx context.Context, info graphql.ResolveInfo) []string {
	vars, _ := ctx.Value(varsKey{}).(map[string]any)
	var out []string
	for _, field := range info.FieldASTs {
		for _, arg := range field.Arguments {
			if arg.Name == nil || arg.Name.Value != "input" {
				continue
			}
			switch v := arg.Value.(type) {
			case *ast.Variable:
				m, _ := vars[v.Name.Value].(map[string]any)
				for k, x := range m {
					if x == nil {
						out = append(out, k)
					}
				}
			case *ast.ObjectValue:
				for _, of := range v.Fields {
					if ref, ok := of.Value.(*ast.Variable); ok && isNullVar(vars, ref.Name.Value) {
						out = append(out, of.Name.Value)
					}
				}
			}
		}
	}
	return out
}

// isNullVar says whether variable name was given as null.
func isNullVar(vars map[string]any, name string) bool {
	v, ok := vars[name]
	return ok && v == nil
}
