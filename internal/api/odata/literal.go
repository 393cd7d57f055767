package odata

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"time"
)

// Edm primitive type names a key or cursor property can have.
const (
	EdmString         = "Edm.String"
	EdmDate           = "Edm.Date"
	EdmDateTimeOffset = "Edm.DateTimeOffset"
	EdmGuid           = "Edm.Guid"
	EdmInt32          = "Edm.Int32"
	EdmInt64          = "Edm.Int64"
	EdmDecimal        = "Edm.Decimal"
)

// EdmTypes lists the type names Literal formats.
var EdmTypes = []string{EdmString, EdmDate, EdmDateTimeOffset, EdmGuid, EdmInt32, EdmInt64, EdmDecimal}

var (
	guidPattern    = regexp.MustCompile(`^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$`)
	decimalPattern = regexp.MustCompile(`^[+-]?[0-9]+(\.[0-9]+)?$`)
)

// Literal formats a property value read from a JSON payload (a string, a
// json.Number, or nil) as a $filter literal of the Edm type edmType ("" is
// Edm.String): strings are quoted with embedded quotes doubled, every other
// type is written bare, once the value parses as that type. Edm.Int64 and
// Edm.Decimal may arrive as strings (IEEE754Compatible=true) or numbers.
func Literal(edmType string, v any) (string, error) {
	if v == nil {
		return "", fmt.Errorf("missing")
	}
	text, isString := v.(string)
	if n, ok := v.(json.Number); ok {
		text = n.String()
	} else if !isString {
		return "", fmt.Errorf("%v is not a string or number", v)
	}
	switch edmType {
	case "", EdmString:
		if !isString {
			return "", fmt.Errorf("%s is a number, not an Edm.String (set its type in key_types)", text)
		}
		return String(text), nil
	case EdmInt32, EdmInt64, EdmDecimal:
		return number(edmType, text)
	}
	if !isString {
		return "", fmt.Errorf("%s is a number, not an %s", text, edmType)
	}
	return bare(edmType, text)
}

func number(edmType, text string) (string, error) {
	bits := map[string]int{EdmInt32: 32, EdmInt64: 64}[edmType]
	if bits == 0 {
		if !decimalPattern.MatchString(text) {
			return "", fmt.Errorf("%q is not an Edm.Decimal", text)
		}
		return text, nil
	}
	n, err := strconv.ParseInt(text, 10, bits)
	if err != nil {
		return "", fmt.Errorf("%q is not an %s", text, edmType)
	}
	return strconv.FormatInt(n, 10), nil
}

func bare(edmType, text string) (string, error) {
	switch edmType {
	case EdmDate:
		if _, err := time.Parse(time.DateOnly, text); err != nil {
			return "", fmt.Errorf("%q is not an Edm.Date", text)
		}
		return text, nil
	case EdmDateTimeOffset:
		t, err := time.Parse(time.RFC3339Nano, text)
		if err != nil {
			return "", fmt.Errorf("%q is not an Edm.DateTimeOffset", text)
		}
		return Time(t), nil
	case EdmGuid:
		if !guidPattern.MatchString(text) {
			return "", fmt.Errorf("%q is not an Edm.Guid", text)
		}
		return text, nil
	}
	return "", fmt.Errorf("type %s is not known", edmType)
}
