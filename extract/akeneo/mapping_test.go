package akeneo

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"
)

const goodItem = `{"uuid":"u1","enabled":true,"family":"shirts","categories":["a"],"values":{"sku":[{"locale":null,"scope":null,"data":"SKU-1"}],"name":[{"locale":"en_US","scope":null,"data":"<script>x</script>"}]},"updated":"2026-01-05T08:00:00+02:00"}`

func TestMapItems(t *testing.T) {
	cases := []struct {
		name, item, reason string
	}{
		{"good", goodItem, ""},
		{"no uuid", `{"updated":"2026-01-05T08:00:00+00:00"}`, "no uuid"},
		{"bad time", `{"uuid":"u2","updated":"yesterday"}`, `updated "yesterday" is not an RFC 3339 time`},
		{"invalid utf-8", "{\"uuid\":\"u3\",\"values\":{\"name\":[{\"data\":\"\xff\xfe\"}]},\"updated\":\"2026-01-05T08:00:00Z\"}", "not valid UTF-8"},
		{"type drift", `{"uuid":"u4","categories":"a","updated":"2026-01-05T08:00:00Z"}`, "decode product"},
		{"table attribute", `{"uuid":"u6","values":{"nutrition":[{"locale":null,"scope":null,"data":[{"ingredient":"salt"}]}]},"updated":"2026-01-05T08:00:00Z"}`, "attribute nutrition: a list value is neither option codes nor a price collection"},
		{"object not metric", `{"uuid":"u7","values":{"ref":[{"locale":null,"scope":null,"data":{"code":"x"}}]},"updated":"2026-01-05T08:00:00Z"}`, "attribute ref: an object value is not a metric"},
		{"oversize", `{"uuid":"u5","values":{"description":[{"data":"` + strings.Repeat("x", MaxItemBytes) + `"}]},"updated":"2026-01-05T08:00:00Z"}`, "over the 1048576 byte limit"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			recs, bad := mapItems([]json.RawMessage{json.RawMessage(c.item)}, "sku", nil)
			if c.reason == "" {
				if len(recs) != 1 || len(bad) != 0 || recs[0].Key != "u1" || recs[0].Updated.Hour() != 6 {
					t.Fatalf("recs %+v bad %+v", recs, bad)
				}
				if !strings.Contains(string(recs[0].Payload), `"identifier":"SKU-1"`) {
					t.Errorf("identifier not mapped: %s", recs[0].Payload)
				}
				return
			}
			if len(recs) != 0 || len(bad) != 1 || !strings.Contains(bad[0].Reason, c.reason) {
				t.Fatalf("want quarantine with %q, got recs %d bad %+v", c.reason, len(recs), bad)
			}
			if len(bad[0].Raw) == 0 || len(bad[0].Raw) > 64<<10 {
				t.Errorf("quarantined raw bytes: %d", len(bad[0].Raw))
			}
		})
	}
	// A key survives quarantine when it can be read.
	_, bad := mapItems([]json.RawMessage{json.RawMessage(`{"uuid":"u2","updated":"x"}`)}, "sku", nil)
	if bad[0].Key != "u2" {
		t.Errorf("quarantine lost the key: %+v", bad[0])
	}
}

func FuzzMapItems(f *testing.F) {
	f.Add([]byte(goodItem))
	f.Add([]byte(`{"uuid":"\ud800","updated":"2026-01-05T08:00:00Z"}`))
	f.Add([]byte(`[[[[[[[[`))
	f.Fuzz(func(t *testing.T, b []byte) {
		recs, bad := mapItems([]json.RawMessage{b}, "sku", nil)
		if len(recs)+len(bad) != 1 {
			t.Fatalf("an item was lost: %d records, %d quarantined", len(recs), len(bad))
		}
		for _, r := range recs {
			if r.Key == "" || !utf8.Valid(r.Payload) || !json.Valid(r.Payload) {
				t.Fatalf("bad record from %q: %+v", b, r)
			}
		}
	})
}
