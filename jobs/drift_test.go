package jobs

import (
	"encoding/json"
	"testing"

	"github.com/stewardhq/steward/internal/store"
	"github.com/stewardhq/steward/transform"
)

func rawJSON(v any) json.RawMessage { b, _ := json.Marshal(v); return b }

// A reconcile compares canonically: the same amount at another scale is
// held, another amount or currency, a field the target did not report, a
// value in another slot or with other content is drift.
func TestHoldsComparesCanonically(t *testing.T) {
	price := func(a, c string) json.RawMessage { return rawJSON(transform.PriceValue{Amount: a, Currency: c}) }
	name := func(locale, text string) json.RawMessage {
		return rawJSON([]transform.Value{{Attribute: "name", Locale: locale, Kind: transform.KindText, Text: text}})
	}
	weight := rawJSON([]transform.Value{{Attribute: "weight", Kind: transform.KindMetric, Number: "1.50", Unit: "KILOGRAM"}})
	weightHeld := rawJSON([]transform.Value{{Attribute: "weight", Kind: transform.KindMetric, Number: "1.5", Unit: "KILOGRAM"}})
	for _, c := range []struct {
		name       string
		have, want map[string]json.RawMessage
		holds      bool
	}{
		{"same amount", map[string]json.RawMessage{"price": price("12.5", "EUR")}, map[string]json.RawMessage{"price": price("12.50", "EUR")}, true},
		{"other amount", map[string]json.RawMessage{"price": price("12.49", "EUR")}, map[string]json.RawMessage{"price": price("12.50", "EUR")}, false},
		{"other currency", map[string]json.RawMessage{"price": price("12.50", "USD")}, map[string]json.RawMessage{"price": price("12.50", "EUR")}, false},
		{"not reported", map[string]json.RawMessage{}, map[string]json.RawMessage{"price": price("12.50", "EUR")}, false},
		{"same text", map[string]json.RawMessage{"name": name("en_US", "Shirt")}, map[string]json.RawMessage{"name": name("en_US", "Shirt")}, true},
		{"other slot", map[string]json.RawMessage{"name": name("de_DE", "Shirt")}, map[string]json.RawMessage{"name": name("en_US", "Shirt")}, false},
		{"other text", map[string]json.RawMessage{"name": name("en_US", "Shirt ")}, map[string]json.RawMessage{"name": name("en_US", "Shirt")}, false},
		{"same metric", map[string]json.RawMessage{"weight": weightHeld}, map[string]json.RawMessage{"weight": weight}, true},
		{"not values", map[string]json.RawMessage{"name": json.RawMessage(`"Shirt"`)}, map[string]json.RawMessage{"name": name("en_US", "Shirt")}, false},
	} {
		if got := holds(c.have, c.want); got != c.holds {
			t.Errorf("%s: holds = %v, want %v", c.name, got, c.holds)
		}
	}
}

// The write-back settles as unchanged only the listed records that hold
// their values; pushes of drafts, unlisted records and targets that were not
// listed are written.
func TestHeldSplitsTheOutbox(t *testing.T) {
	eur := func(a string) []byte {
		return rawJSON(map[string]any{"price": transform.PriceValue{Amount: a, Currency: "EUR"}})
	}
	cur := currents{"pim": {
		"A": {"price": rawJSON(transform.PriceValue{Amount: "1.00", Currency: "EUR"})},
		"B": {"price": rawJSON(transform.PriceValue{Amount: "2.00", Currency: "EUR"})},
	}}
	items := []store.OutboxItem{
		{ID: 1, ExternalID: "A", Payload: eur("1.0")},
		{ID: 2, ExternalID: "B", Payload: eur("2.50")},
		{ID: 3, ExternalID: "C", Payload: eur("3.00")},
		{ID: 4, ExternalID: "A", Payload: eur("1.00"), DraftID: 9},
	}
	held, rest, err := cur.held("pim", items)
	if err != nil || len(held) != 1 || held[0].ID != 1 || held[0].Status != store.OutboxUnchanged || len(rest) != 3 {
		t.Errorf("held %+v, rest %d, err %v; want item 1 held, 3 to write", held, len(rest), err)
	}
	if held, rest, _ := cur.held("erp", items); len(held) != 0 || len(rest) != 4 {
		t.Errorf("a target not listed held %d items", len(held))
	}
}

// Two pending writes of one record (the older 10.00, the newer 12.00, e.g. a
// run killed after the target accepted both, before the ledger settled them):
// the listing shows 12.00. The write-back must not write the older value and
// settle the newer one unchanged, which leaves the target at 10.00 while the
// source says 12.00. Either both are settled (the target holds the newest) or
// both are written in order.
func TestHeldNeverSkipsANewerWriteAfterAnOlderOne(t *testing.T) {
	eur := func(a string) []byte {
		return rawJSON(map[string]any{"price": transform.PriceValue{Amount: a, Currency: "EUR"}})
	}
	cur := currents{"pim": {"A": {"price": rawJSON(transform.PriceValue{Amount: "12.00", Currency: "EUR"})}}}
	items := []store.OutboxItem{
		{ID: 1, ExternalID: "A", Payload: eur("10.00")},
		{ID: 2, ExternalID: "A", Payload: eur("12.00")},
	}
	held, rest, err := cur.held("pim", items)
	if err != nil {
		t.Fatal(err)
	}
	written := map[int64]bool{}
	for _, it := range rest {
		written[it.ID] = true
	}
	if written[1] && !written[2] {
		t.Errorf("held %+v, written %v: the older write (10.00) is written and the newer (12.00) settled unchanged; the target ends at 10.00", held, written)
	}
}
