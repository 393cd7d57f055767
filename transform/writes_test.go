package transform

import (
	"encoding/json"
	"testing"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/internal/record"
)

func TestWritesOnlyOwnedFields(t *testing.T) {
	p, _ := json.Marshal(Price{SKU: "SKU-1", Amount: "12.50", Currency: "EUR", SourceID: "1"})
	rec := record.Record{Key: "1", Payload: p}
	ws, err := Writes(Prices, rec, []config.Target{{System: "pim", Fields: []string{"price"}}, {System: "shop", Fields: []string{"stock"}}})
	if err != nil {
		t.Fatal(err)
	}
	if len(ws) != 1 || ws[0].Target != "pim" || ws[0].ExternalID != "SKU-1" || len(ws[0].Fields) != 1 {
		t.Fatalf("writes %+v", ws)
	}
	_, h1, _ := ws[0].Payload()
	ws2, _ := Writes(Prices, rec, []config.Target{{System: "pim", Fields: []string{"price"}}})
	if _, h2, _ := ws2[0].Payload(); h1 != h2 {
		t.Error("the same write hashes differently")
	}
	bad, _ := json.Marshal(Price{SKU: "SKU-1", Amount: "12,50", Currency: "EUR"})
	if _, err := Writes(Prices, record.Record{Key: "2", Payload: bad}, []config.Target{{System: "pim", Fields: []string{"price"}}}); err == nil {
		t.Error("a price that is not a decimal was accepted")
	}
	if ws, err := Writes(Prices, rec, nil); err != nil || ws != nil {
		t.Error("a job without targets caused writes")
	}
}

func TestSameAmount(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want bool
	}{{"12.50", "12.5", true}, {"12.50", "12.51", false}, {"1e1", "10", true}, {"x", "x", false}} {
		if SameAmount(c.a, c.b) != c.want {
			t.Errorf("SameAmount(%s, %s) != %v", c.a, c.b, c.want)
		}
	}
}
