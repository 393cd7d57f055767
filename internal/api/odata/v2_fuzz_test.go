package odata

import (
	"encoding/json"
	"errors"
	"testing"
	"time"
)

// TestParseTimeV2Overflow: an Edm.Time whose hours, minutes or seconds do
// not fit a time of day is an error; PT9223372036854775807H overflowed the
// sum and was read as -1h, a negative time of day that moved the record's
// change time before its date.
func TestParseTimeV2Overflow(t *testing.T) {
	for _, bad := range []string{"PT9223372036854775807H", "PT99999999999999999999H", "PT5124095H", "PT0H0M99999999999999999999S", "PT0H153722867280912930M"} {
		if d, err := ParseTimeV2(bad); err == nil {
			t.Errorf("%q read as %v", bad, d)
		}
	}
	if d, err := ParseTimeV2("PT0H0M86399S"); err != nil || d != 24*time.Hour-time.Second {
		t.Errorf("PT0H0M86399S: %v %v", d, err)
	}
}

// FuzzPageV2 feeds arbitrary bodies to the v2 page decoder: it never
// panics, an accepted page has its results, and every Edm.Time it accepts
// is a time of day.
func FuzzPageV2(f *testing.F) {
	f.Add([]byte(`{"d":{"results":[{"LastChangeTime":"PT10H30M00S"}],"__count":"1","__next":"https://h/x?$skiptoken=1"}}`))
	f.Add([]byte(`{"d":{"results":null}}`))
	f.Add([]byte(`{"d":[]}`))
	f.Add([]byte(`{"d":{"results":[],"__count":-1}}`))
	f.Add([]byte("PT9223372036854775807H"))
	f.Fuzz(func(t *testing.T, b []byte) {
		if d, err := ParseTimeV2(string(b)); err == nil && (d < 0 || d >= 24*time.Hour) {
			t.Fatalf("%q read as %v", b, d)
		}
		_, _ = ParseDateV2(string(b))
		body, err := decodeBody(b, "https://h/p")
		var ue *UndecodableError
		if errors.As(err, &ue) || err != nil {
			return
		}
		p, err := parsePageV2(body, "https://h/p")
		if err == nil && p.Value == nil {
			t.Fatalf("page %q accepted without results", b)
		}
		for _, v := range p.Value {
			if !json.Valid(v) {
				t.Fatalf("entity %q is not JSON", v)
			}
		}
	})
}
