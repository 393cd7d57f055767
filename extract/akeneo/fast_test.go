package akeneo

import (
	"bytes"
	"os"
	"testing"

	api "github.com/stewardhq/steward/internal/api/akeneo"
	"github.com/stewardhq/steward/transform"
)

// fastCases are items the fast path must read as the slow path does, or
// leave to it.
var fastCases = []string{
	goodItem,
	`{"uuid":"u1","identifier":null,"enabled":null,"family":null,"parent":"m","categories":[],"values":null,"updated":"2026-01-05T08:00:00Z"}`,
	`{"uuid":"u1","values":{"z":[{"data":"1"}],"a":[{"data":2.50},{"locale":"de_DE","scope":"print","data":-1e3}]},"updated":"2026-01-05T08:00:00+14:00"}`,
	`{"uuid":"u1","values":{"sku":[{"data":null},{"data":"S2"}],"t":[{"data":"tab\tesc \"q\" \u00e9 \ud800"}]},"updated":"2026-01-05T08:00:00Z"}`,
	`{"uuid":"u1","values":{"sku":[{"data":"S\u0031"}]},"updated":"2026-01-05T08:00:00Z"}`,
	`{"uuid":"u1","values":{"w":[{"data":{"amount":null,"unit":"KILOGRAM","x":{"y":[1]}}}],"m":[{"data":{"amount":" 1.5 ","unit":"M"}}]},"updated":"2026-01-05T08:00:00Z"}`,
	`{"uuid":"u1","values":{"w":[{"data":{"amount":1}}]},"updated":"2026-01-05T08:00:00Z"}`,
	`{"uuid":"u1","values":{"w":[{"data":{"amount":true,"unit":"M"}}]},"updated":"2026-01-05T08:00:00Z"}`,
	`{"uuid":"u1","values":{"p":[{"data":[{"amount":"1.10","currency":"EUR"},{"currency":"USD"}]}]},"updated":"2026-01-05T08:00:00Z"}`,
	`{"uuid":"u1","values":{"p":[{"data":[{"amount":"1.10","currency":""}]}]},"updated":"2026-01-05T08:00:00Z"}`,
	`{"uuid":"u1","values":{"p":[{"data":[]}],"price":[{"data":[]}],"o":[{"data":["a",null]}],"q":[{"data":["a","b"]}]},"updated":"2026-01-05T08:00:00Z"}`,
	`{"uuid":"u1","values":{"color":[{"data":"red"}],"weight":[{"data":"12"}],"price":[{"data":["x"]}]},"updated":"2026-01-05T08:00:00Z"}`,
	`{"uuid":"u1","values":{"color":[{"data":true}]},"updated":"2026-01-05T08:00:00Z"}`,
	`{"uuid":"u1","values":{"b":[{"data":false,"Data":true}]},"updated":"2026-01-05T08:00:00Z"}`,
	`{"UUID":"u1","updated":"2026-01-05T08:00:00Z"}`,
	`{"uuid":"u1","uuid":"u2","updated":"2026-01-05T08:00:00Z"}`,
	`{"uuid":"u1","values":{"a":[{"data":"x"}],"a":[{"data":"y"}]},"updated":"2026-01-05T08:00:00Z"}`,
	`{"uuid":"u1","values":{"a":[{"data":"x","data":"y"}]},"updated":"2026-01-05T08:00:00Z"}`,
	`{"uuid":"u1","values":{"a":[null]},"updated":"2026-01-05T08:00:00Z"}`,
	`{"uuid":"u1","categories":["a",null],"updated":"2026-01-05T08:00:00Z"}`,
	`{"u\u0075id":"u1","updated":"2026-01-05T08:00:00Z"}`,
	`{"uuid":"u1","updated":"2026-01-05T08:00:00Z"} x`,
	`{"uuid":"u1","updated":"0000-01-01T00:00:00+01:00"}`,
	`{"uuid":"u1","values":{"n":[{"data":01}]},"updated":"2026-01-05T08:00:00Z"}`,
	`{"uuid":"u1","extra":{"deep":[[[[{"a":[1,2,{"b":null}]}]]]]},"updated":"2026-01-05T08:00:00Z"}`,
	` {"uuid" : "u1" , "updated" : "2026-01-05T08:00:00Z" } `,
	`null`,
	`[]`,
	`{"uuid":"u1","extra":"bad \0 escape","updated":"2026-01-05T08:00:00Z"}`,
	`{"uuid":"u1","extra":"\u12","updated":"2026-01-05T08:00:00Z"}`,
}

// fastKinds are attribute kinds for the cases above.
var fastKinds = map[string]transform.Kind{"color": transform.KindOption, "weight": transform.KindNumber, "price": transform.KindPrices, "sku": transform.KindText}

// sameAsSlow checks one item: a fast read is the slow read, byte for byte.
func sameAsSlow(t *testing.T, item []byte, kinds map[string]transform.Kind) bool {
	t.Helper()
	var buf []byte
	fast, ferr := mapItemFast(newMapper(), &buf, item, "sku", kinds)
	slow, serr := mapItem(item, "sku", kinds)
	if (ferr == nil) != (serr == nil) || (ferr != nil && ferr.Error() != serr.Error()) {
		t.Fatalf("%s:\nfast error %v\nslow error %v", item, ferr, serr)
	}
	if fast.Key != slow.Key || !fast.Updated.Equal(slow.Updated) || !bytes.Equal(fast.Payload, slow.Payload) {
		t.Fatalf("%s:\nfast %s %s %s\nslow %s %s %s", item, fast.Key, fast.Updated, fast.Payload, slow.Key, slow.Updated, slow.Payload)
	}
	_, ok := mapFast(newMapper(), item, "sku", kinds)
	return ok
}

func TestFastPathMapsAsSlowPath(t *testing.T) {
	for _, kinds := range []map[string]transform.Kind{nil, fastKinds} {
		for _, c := range fastCases {
			sameAsSlow(t, []byte(c), kinds)
		}
	}
}

// The sandbox PIM's products all take the fast path, else the benchmark
// measures the slow one.
func TestFastPathTakesSandboxPage(t *testing.T) {
	body, err := os.ReadFile("testdata/page100.json")
	if err != nil {
		t.Fatal(err)
	}
	page, err := api.DecodePage(body, "page100")
	if err != nil {
		t.Fatal(err)
	}
	for i, it := range page.Embedded.Items {
		if !sameAsSlow(t, it, benchKinds) {
			t.Errorf("item %d left to the slow path: %s", i, it)
		}
	}
}

func FuzzFastPath(f *testing.F) {
	for _, c := range fastCases {
		f.Add([]byte(c))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		sameAsSlow(t, b, fastKinds)
	})
}

// A page mapped with one mapper (values arrays reused from item to item)
// gives each item's own record.
func TestFastPathPageIsItemByItem(t *testing.T) {
	body, err := os.ReadFile("testdata/page100.json")
	if err != nil {
		t.Fatal(err)
	}
	page, err := api.DecodePage(body, "page100")
	if err != nil {
		t.Fatal(err)
	}
	items := append(page.Embedded.Items, []byte(fastCases[2]), []byte(fastCases[0]))
	recs, bad := mapItems(items, "sku", benchKinds)
	if len(recs) != len(items) || len(bad) != 0 {
		t.Fatalf("%d records, %d quarantined", len(recs), len(bad))
	}
	for i, it := range items {
		slow, err := mapItem(it, "sku", benchKinds)
		if err != nil || !bytes.Equal(recs[i].Payload, slow.Payload) {
			t.Fatalf("item %d: %s\nwant %s (%v)", i, recs[i].Payload, slow.Payload, err)
		}
	}
}
