package odata

import (
	"encoding/json"
	"testing"
)

// TestLiteralByType: key literals are written by Edm type, not by JSON shape:
// strings quoted with ” escaping, dates, times, GUIDs and numbers bare
// (Int64 and Decimal also when they arrive as strings); a value that does not
// parse as its type is an error (issue 6 item 10).
func TestLiteralByType(t *testing.T) {
	ok := []struct {
		typ  string
		v    any
		want string
	}{
		{"", "O'Neil", "'O''Neil'"},
		{EdmString, "2026-01-31", "'2026-01-31'"},
		{EdmDate, "2026-01-31", "2026-01-31"},
		{EdmDate, "9999-12-31", "9999-12-31"},
		{EdmDateTimeOffset, "2026-01-02T03:04:05.1234567+01:00", "2026-01-02T02:04:05.1234567Z"},
		{EdmGuid, "6f1c2d3e-0a1b-4c5d-8e9f-0123456789ab", "6f1c2d3e-0a1b-4c5d-8e9f-0123456789ab"},
		{EdmInt32, json.Number("1010"), "1010"},
		{EdmInt64, "9007199254740993", "9007199254740993"},
		{EdmInt64, json.Number("-42"), "-42"},
		{EdmDecimal, "180.00", "180.00"},
		{EdmDecimal, json.Number("12.5"), "12.5"},
	}
	for _, c := range ok {
		got, err := Literal(c.typ, c.v)
		if err != nil || got != c.want {
			t.Errorf("Literal(%q, %v) = %q, %v; want %q", c.typ, c.v, got, err, c.want)
		}
	}
	bad := []struct {
		typ string
		v   any
	}{
		{EdmString, json.Number("1010")},
		{EdmDate, "31.01.2026"},
		{EdmDate, "2026-02-30"},
		{EdmDate, json.Number("20260131")},
		{EdmDateTimeOffset, "2026-01-02"},
		{EdmGuid, "6f1c' or 1 eq 1"},
		{EdmInt32, "3000000000"},
		{EdmInt64, "12.5"},
		{EdmInt64, "1 or true"},
		{EdmDecimal, "1e5"},
		{EdmDecimal, "12,5"},
		{EdmDate, nil},
		{EdmString, true},
	}
	for _, c := range bad {
		if got, err := Literal(c.typ, c.v); err == nil {
			t.Errorf("Literal(%q, %v) = %q, want an error", c.typ, c.v, got)
		}
	}
}
