package sap

import (
	"fmt"
	"math/big"
	"regexp"
	"strings"
	"time"
)

// propTypes maps each property of an entity type to its Edm type name.
type propTypes map[string]string

var productTypes = propTypes{
	"Product": "Edm.String", "ProductType": "Edm.String", "CrossPlantStatus": "Edm.String", "BaseUnit": "Edm.String",
	"ProductGroup": "Edm.String", "Division": "Edm.String", "ProductStandardID": "Edm.String",
	"InternationalArticleNumberCat": "Edm.String", "GrossWeight": "Edm.Decimal", "NetWeight": "Edm.Decimal",
	"WeightUnit": "Edm.String", "IsMarkedForDeletion": "Edm.Boolean", "CreationDate": "Edm.Date",
	"LastChangeDate": "Edm.Date", "LastChangeDateTime": "Edm.DateTimeOffset",
}

var priceTypes = propTypes{
	"ConditionRecord": "Edm.String", "ConditionSequentialNumber": "Edm.String", "ConditionTable": "Edm.String",
	"ConditionApplication": "Edm.String", "ConditionType": "Edm.String", "SalesOrganization": "Edm.String",
	"DistributionChannel": "Edm.String", "Material": "Edm.String", "ConditionValidityStartDate": "Edm.Date",
	"ConditionValidityEndDate": "Edm.Date", "ConditionRateValue": "Edm.Decimal", "ConditionRateValueUnit": "Edm.String",
	"ConditionQuantity": "Edm.Decimal", "ConditionQuantityUnit": "Edm.String", "ConditionCalculationType": "Edm.String",
	"ConditionIsDeleted": "Edm.Boolean", "LastChangeDateTime": "Edm.DateTimeOffset",
}

var (
	dateLiteral = regexp.MustCompile(`^[0-9]{4}-[0-9]{2}-[0-9]{2}$`)
	guidLiteral = regexp.MustCompile(`^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$`)
	numLiteral  = regexp.MustCompile(`^[+-]?[0-9]+(\.[0-9]+)?$`)
)

// check reports a property the entity type does not have.
func (t propTypes) check(prop, option string) error {
	if _, ok := t[prop]; !ok {
		return fmt.Errorf("property %s in %s is not a property of the entity type", prop, option)
	}
	return nil
}

// literal reads a $filter literal compared with prop, as the server reads it:
// its form must be the property's type (a quoted string for Edm.String, a
// bare date for Edm.Date, a bare number for Edm.Decimal and Edm.Int*); null
// compares with any type.
func (t propTypes) literal(prop, tok string) (any, error) {
	if tok == "null" {
		return nil, nil
	}
	typ := t[prop]
	quoted := strings.HasPrefix(tok, "'")
	if quoted != (typ == "Edm.String") {
		return nil, fmt.Errorf("literal %s is incompatible with property %s of type %s", tok, prop, typ)
	}
	v, ok := typed(typ, tok)
	if prefix := map[string]string{"Edm.DateTime": "datetime'", "Edm.Time": "time'"}[typ]; prefix != "" && !strings.HasPrefix(tok, prefix) {
		ok = false // a v2 filter literal names its type; the JSON form is not a literal
	}
	if !ok {
		return nil, fmt.Errorf("literal %s is not a valid %s for property %s", tok, typ, prop)
	}
	return v, nil
}

// value is a property's value in the form compare takes (nil when null or
// not of its type).
func (t propTypes) value(prop string, v any) any {
	switch x := v.(type) {
	case string:
		if t[prop] == "Edm.String" {
			return x
		}
		r, _ := typed(t[prop], x)
		return r
	case bool:
		return x
	}
	return nil
}

// typed reads text as a value of an Edm type: strings (Edm.String unquoted,
// Edm.Date, Edm.Guid) compare as text, times as time.Time, numbers exactly.
func typed(typ, text string) (any, bool) {
	switch typ {
	case "Edm.String":
		if len(text) < 2 || !strings.HasPrefix(text, "'") || !strings.HasSuffix(text, "'") {
			return nil, false
		}
		return strings.ReplaceAll(text[1:len(text)-1], "''", "'"), true
	case "Edm.Date":
		_, err := time.Parse(time.DateOnly, text)
		return text, err == nil && dateLiteral.MatchString(text)
	case "Edm.Guid":
		return strings.ToLower(text), guidLiteral.MatchString(text)
	case "Edm.DateTimeOffset":
		ts, err := time.Parse(time.RFC3339Nano, text)
		return ts, err == nil
	case "Edm.Decimal", "Edm.Int32", "Edm.Int64":
		r, ok := new(big.Rat).SetString(text)
		return r, ok && numLiteral.MatchString(text) && (typ == "Edm.Decimal" || r.IsInt())
	case "Edm.Boolean":
		return text == "true", text == "true" || text == "false"
	case "Edm.DateTime":
		return v2DateTime(text)
	case "Edm.Time":
		return v2Time(text)
	}
	return nil, false
}

// compare orders two values of one type.
func compare(a, b any) (int, bool) {
	switch y := b.(type) {
	case string:
		x, ok := a.(string)
		return strings.Compare(x, y), ok
	case time.Time:
		x, ok := a.(time.Time)
		return x.Compare(y), ok
	case *big.Rat:
		x, ok := a.(*big.Rat)
		if !ok {
			return 0, false
		}
		return x.Cmp(y), true
	case time.Duration:
		x, ok := a.(time.Duration)
		return int(x - y), ok
	case bool:
		x, ok := a.(bool)
		if !ok || x != y {
			return 1, ok
		}
		return 0, true
	}
	return 0, false
}
