package pimcore

import (
	"path"
	"strconv"

	"github.com/graphql-go/graphql"
)

// quantityType is a quantityValue as Datahub exposes it.
func quantityType() *graphql.Object {
	unit := graphql.NewObject(graphql.ObjectConfig{Name: "QuantityValueUnit", Fields: graphql.Fields{
		"id":           {Type: graphql.String},
		"abbreviation": {Type: graphql.String},
		"longname":     {Type: graphql.String},
	}})
	return graphql.NewObject(graphql.ObjectConfig{Name: "QuantityValue", Fields: graphql.Fields{
		"value":    {Type: graphql.Float},
		"unit":     {Type: unit},
		"toString": {Type: graphql.String},
	}})
}

// quantityOf renders a quantity value as the source of QuantityValue.
func quantityOf(m map[string]Quantity, k string) any {
	q, ok := m[k]
	if !ok {
		return nil
	}
	out := map[string]any{"value": nil, "unit": nil, "toString": q.Value + " " + q.Unit}
	if f, err := strconv.ParseFloat(q.Value, 64); err == nil {
		out["value"] = f
	}
	if q.Unit != "" {
		out["unit"] = map[string]any{"id": q.Unit, "abbreviation": q.Unit, "longname": q.Unit}
	}
	return out
}

// assetType is the part of an image asset the emulator serves.
func assetType() *graphql.Object {
	return graphql.NewObject(graphql.ObjectConfig{Name: "asset", Fields: graphql.Fields{
		"fullpath": {Type: graphql.String},
		"filename": {Type: graphql.String},
	}})
}

// assetOf renders an image field holding an asset path.
func assetOf(m map[string]string, k string) any {
	p, ok := m[k]
	if !ok {
		return nil
	}
	return map[string]any{"fullpath": p, "filename": path.Base(p)}
}

// internalError is a resolver failure that is not client safe: graphql-php
// answers "Internal server error"; the cause shows only as the debug message
// a Pimcore in debug mode adds.
type internalError struct{ cause error }

func internal(err error) error { return internalError{cause: err} }

func (e internalError) Error() string { return "Internal server error" }

// Extensions carries the cause as graphql-php's debugMessage.
func (e internalError) Extensions() map[string]any {
	return map[string]any{"debugMessage": e.cause.Error()}
}

// Unwrap returns the cause.
func (e internalError) Unwrap() error { return e.cause }
