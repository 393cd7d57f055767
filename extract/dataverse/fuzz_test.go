package dataverse

import (
	"encoding/json"
	"testing"

	"github.com/rs/zerolog"

	api "github.com/stewardhq/steward/internal/api/dataverse"
)

// FuzzRecords (review rev-dv): any entity on a page, for every data type
// read, is a record, a deletion or a quarantined item, never a panic; no
// record or deletion without its key.
func FuzzRecords(f *testing.F) {
	f.Add(0, []byte(`{"@odata.etag":"W/\"1\"","accountid":"a","name":"A","modifiedon":"2025-01-01T00:00:00Z","_ownerid_value":"o"}`))
	f.Add(1, []byte(`{"leadid":"l","emailaddress1":"x@y","modifiedon":"2025-01-01T00:00:00.123Z","stw_productinterest":"a;b"}`))
	f.Add(2, []byte(`{"productid":"p","productnumber":"S","price":12.50,"modifiedon":"2025-01-01T00:00:00Z"}`))
	f.Add(0, []byte(`{"@odata.context":"x$deletedEntity","id":"g","reason":"deleted"}`))
	f.Add(0, []byte(`{"@removed":{},"@id":"accounts(g)"}`))
	s := api.Settings{APIPath: "/api/data/v9.2", PageSize: 5, Concurrency: 1, WindowRequests: 10, PriceCurrency: "EUR", Tables: api.DefaultTables()}
	types := []string{"customers", "leads", "products"}
	f.Fuzz(func(t *testing.T, which int, raw []byte) {
		dt := types[(which%3+3)%3]
		e := &Extractor{api: api.New(nil, s, api.Options{}, zerolog.Nop()), table: s.Tables[dt], dataType: dt, log: zerolog.Nop()}
		p := &pass{e: e, seen: map[string]bool{}}
		out, err := p.records(api.Page{Value: []json.RawMessage{raw}, URL: "u"})
		if err != nil {
			return
		}
		for _, r := range out.Records {
			if r.Key == "" || !json.Valid(r.Payload) {
				t.Fatalf("record without key or with invalid payload from %q", raw)
			}
		}
		for _, d := range out.Deleted {
			if d.Key == "" {
				t.Fatalf("deletion without key from %q", raw)
			}
		}
	})
}
