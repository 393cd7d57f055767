package salsify

import (
	"testing"
	"time"
)

func TestParseFilterBounds(t *testing.T) {
	f, err := parseFilter(`='salsify:updated_at':gt('2026-01-05T08:00:00.5Z'),'salsify:updated_at':gte('2026-01-05T08:00:01+01:00'),'Product Name':'It\'s \\ 1'`)
	if err != nil {
		t.Fatal(err)
	}
	low := time.Date(2026, 1, 5, 8, 0, 0, 500e6, time.UTC)
	if !f.updated.hasLow || !f.updated.low.Equal(low) || f.updated.lowIncl || f.updated.hasHigh {
		t.Errorf("bounds %+v: the tighter lower bound (gt 08:00:00.5Z, later than 07:00:01Z) should win", f.updated)
	}
	if len(f.equals) != 1 || f.equals[0] != (equal{"Product Name", `It's \ 1`}) {
		t.Errorf("equals %+v", f.equals)
	}
}

func FuzzParseFilter(f *testing.F) {
	for _, s := range []string{"", "='salsify:updated_at':gt('2026-01-05T08:00:00Z')", "='A':'b','C':'d':product_type:all", `='A':'\''`, "='a':gt(", "=''"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		flt, err := parseFilter(s)
		if err != nil {
			if err != errInvalidFilter {
				t.Fatalf("%q: error %v is not the documented one", s, err)
			}
			return
		}
		if flt == nil {
			t.Fatalf("%q: nil filter without error", s)
		}
	})
}
