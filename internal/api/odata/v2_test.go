package odata

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"
)

// TestParsePageV2: PROTOCOLS.md §6.4 verbose JSON — d.results, __next kept
// verbatim, __count a string; a page without results is a protocol error,
// a numeric __count an error.
func TestParsePageV2(t *testing.T) {
	parse := func(s string) (Page, error) {
		var body map[string]json.RawMessage
		if err := json.Unmarshal([]byte(s), &body); err != nil {
			t.Fatal(err)
		}
		return parsePageV2(body, "page")
	}
	p, err := parse(`{"d":{"results":[{"__metadata":{"uri":"u","type":"API_PRODUCT_SRV.A_ProductType","etag":"W/\"x\""},"Product":"TG11"}],"__count":"42","__next":"https://h/sap/opu/odata/sap/API_PRODUCT_SRV/A_Product?$skiptoken=1000"}}`)
	if err != nil || len(p.Value) != 1 || p.Count == nil || *p.Count != 42 || p.NextLink != "https://h/sap/opu/odata/sap/API_PRODUCT_SRV/A_Product?$skiptoken=1000" {
		t.Fatalf("page %+v, %v", p, err)
	}
	if p, err := parse(`{"d":{"results":[]}}`); err != nil || p.NextLink != "" || p.Count != nil || p.Value == nil {
		t.Errorf("last empty page %+v, %v", p, err)
	}
	for _, bad := range []string{`{"d":{}}`, `{"d":{"results":null}}`, `{"value":[]}`, `{"d":null}`, `{"d":{"results":{}}}`} {
		var pe *ProtocolError
		if _, err := parse(bad); !errors.As(err, &pe) {
			t.Errorf("%s: %v, want a protocol error", bad, err)
		}
	}
	if _, err := parse(`{"d":{"results":[],"__count":42}}`); err == nil || !strings.Contains(err.Error(), "__count") {
		t.Errorf("numeric __count: %v", err)
	}
}

// TestV2Literals: PROTOCOLS.md §6.4 — /Date(1714521600000)/,
// /Date(1714557600000+0000)/, PT10H30M00S; datetime'…' and time'…' filter
// literals.
func TestV2Literals(t *testing.T) {
	if d, err := ParseDateV2("/Date(1714521600000)/"); err != nil || !d.Equal(time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("Edm.DateTime: %v %v", d, err)
	}
	if d, err := ParseDateV2("/Date(1714557600000+0000)/"); err != nil || !d.Equal(time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC)) {
		t.Errorf("Edm.DateTimeOffset: %v %v", d, err)
	}
	if d, err := ParseTimeV2("PT10H30M00S"); err != nil || d != 10*time.Hour+30*time.Minute {
		t.Errorf("Edm.Time: %v %v", d, err)
	}
	for _, bad := range []string{"2024-05-01", "/Date(x)/", "Date(1)"} {
		if _, err := ParseDateV2(bad); err == nil {
			t.Errorf("%q read as a date", bad)
		}
	}
	for _, bad := range []string{"10:30:00", "PT", "PT25H00M00S", ""} {
		if _, err := ParseTimeV2(bad); err == nil {
			t.Errorf("%q read as a time", bad)
		}
	}
	if got := DateTimeV2(time.Date(2024, 5, 1, 2, 0, 0, 0, time.FixedZone("x", 7200))); got != "datetime'2024-05-01T00:00:00'" {
		t.Errorf("DateTimeV2 %s", got)
	}
	if got := TimeV2(10*time.Hour + 30*time.Minute + 5*time.Second); got != "time'PT10H30M05S'" {
		t.Errorf("TimeV2 %s", got)
	}
	if got := (Query{Count: true, V2: true, Expand: []string{"a", "b"}}).encode(); got != "$expand=a%2Cb&$inlinecount=allpages" {
		t.Errorf("v2 query %s", got)
	}
}

// TestDescribeV2: a v2 error body's code and message.value reach the error.
func TestDescribeV2(t *testing.T) {
	msg, ok := describeV2([]byte(`{"error":{"code":"/IWBEP/CM_MGW_RT/022","message":{"lang":"en","value":"Invalid $filter"},"innererror":{}}}`))
	if !ok || msg != "/IWBEP/CM_MGW_RT/022: Invalid $filter" {
		t.Errorf("%q %v", msg, ok)
	}
}
