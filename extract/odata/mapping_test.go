package odata

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stewardhq/steward/config"
	api "github.com/stewardhq/steward/internal/api/odata"
	"github.com/stewardhq/steward/transform"
)

func priceMapper(t testing.TB) mapper {
	m, err := newMapper(config.Job{DataType: "prices", Extract: config.Extract{CursorField: "LastChangeDateTime"}}, api.Entity{Key: []string{"ConditionRecord"}, Canonical: api.CanonicalPrice})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

const goodPrice = `{"@odata.etag":"W/\"x\"","ConditionRecord":"0000000001","Material":"SKU-1","ConditionRateValue":"12.50","ConditionRateValueUnit":"EUR","ConditionQuantity":1,"LastChangeDateTime":"2026-01-05T08:00:00.1234567Z"}`

func TestMapPrice(t *testing.T) {
	recs, bad := priceMapper(t).mapAll([]json.RawMessage{json.RawMessage(goodPrice)})
	if len(recs) != 1 || len(bad) != 0 {
		t.Fatalf("recs %v bad %v", recs, bad)
	}
	var p transform.Price
	if err := json.Unmarshal(recs[0].Payload, &p); err != nil || p.SKU != "SKU-1" || p.Amount != "12.50" || p.Currency != "EUR" || p.Per != "1" {
		t.Fatalf("price %+v %v", p, err)
	}
	drift := map[string]string{
		"missing key":   `{"Material":"SKU-1","LastChangeDateTime":"2026-01-05T08:00:00Z"}`,
		"price as text": strings.Replace(goodPrice, `"12.50"`, `"twelve"`, 1),
		"price as bool": strings.Replace(goodPrice, `"12.50"`, `true`, 1),
		"bad currency":  strings.Replace(goodPrice, `"EUR"`, `"euro"`, 1),
		"removed sku":   strings.Replace(goodPrice, `"Material":"SKU-1",`, ``, 1),
		"bad cursor":    strings.Replace(goodPrice, `2026-01-05T08:00:00.1234567Z`, `yesterday`, 1),
		"invalid utf-8": strings.Replace(goodPrice, "SKU-1", "SKU-\xff", 1),
		"not an object": `[1,2]`,
	}
	for name, in := range drift {
		recs, bad := priceMapper(t).mapAll([]json.RawMessage{json.RawMessage(in)})
		if len(recs) != 0 || len(bad) != 1 || bad[0].Reason == "" {
			t.Errorf("%s: recs %d, quarantined %+v", name, len(recs), bad)
		}
	}
}

// TestMapPriceKeepsScale: Edm.Decimal arrives as a JSON number (180.00 as
// 180) or a string; the amount is exact and has the currency's decimals
// (issue 6 item 12).
func TestMapPriceKeepsScale(t *testing.T) {
	cases := map[string]string{`180`: "180.00", `180.00`: "180.00", `"180"`: "180.00", `12.5`: "12.50",
		`"12.345"`: "12.345", `0.1`: "0.10", `12345678901234567890.1`: "12345678901234567890.10"}
	for in, want := range cases {
		raw := strings.Replace(goodPrice, `"12.50"`, in, 1)
		recs, bad := priceMapper(t).mapAll([]json.RawMessage{json.RawMessage(raw)})
		var p transform.Price
		if len(recs) != 1 || json.Unmarshal(recs[0].Payload, &p) != nil || p.Amount != want {
			t.Errorf("amount %s: got %+v (quarantined %v), want %q", in, p, bad, want)
		}
	}
	jpy := strings.Replace(strings.Replace(goodPrice, `"12.50"`, `1800.00`, 1), `"EUR"`, `"JPY"`, 1)
	recs, _ := priceMapper(t).mapAll([]json.RawMessage{json.RawMessage(jpy)})
	if len(recs) != 1 || !strings.Contains(string(recs[0].Payload), `"amount":"1800"`) {
		t.Errorf("JPY amount: %v", recs)
	}
}

func FuzzMapEntity(f *testing.F) {
	f.Add([]byte(goodPrice))
	f.Add([]byte(`{"ConditionRecord":null}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		recs, bad := priceMapper(t).mapAll([]json.RawMessage{b})
		if len(recs)+len(bad) != 1 {
			t.Fatal("an entity was lost")
		}
	})
}

// TestMappingChosenByEntity: the entity's canonical setting chooses the
// mapping, whatever the job's data type is called: a price entity read by a
// job of another data type still maps to the canonical price, and an entity
// without the setting keeps its properties under a prices job.
func TestMappingChosenByEntity(t *testing.T) {
	job := config.Job{DataType: "reporting"}
	m, err := newMapper(job, api.Entity{Key: []string{"ConditionRecord"}, Canonical: api.CanonicalPrice})
	if err != nil {
		t.Fatal(err)
	}
	recs, _ := m.mapAll([]json.RawMessage{json.RawMessage(goodPrice)})
	var p transform.Price
	if len(recs) != 1 || json.Unmarshal(recs[0].Payload, &p) != nil || p.Amount != "12.50" || p.SourceID != "0000000001" {
		t.Fatalf("price entity under a reporting job: %+v", recs)
	}
	job.DataType = "prices"
	m, _ = newMapper(job, api.Entity{Key: []string{"ConditionRecord"}})
	recs, _ = m.mapAll([]json.RawMessage{json.RawMessage(goodPrice)})
	var props map[string]any
	if len(recs) != 1 || json.Unmarshal(recs[0].Payload, &props) != nil || props["ConditionRateValue"] != "12.50" {
		t.Fatalf("plain entity under a prices job: %+v", recs)
	}
}
