package hubspot

import (
	"testing"

	api "github.com/stewardhq/steward/internal/api/hubspot"
)

// FuzzReviewObject: no object text panics the mappers, the raw-text
// salvage readers or the link readers.
func FuzzReviewObject(f *testing.F) {
	f.Add([]byte(`{"id":"1","properties":{"hs_lastmodifieddate":"2025-01-01T00:00:00Z","price":"1.5","hs_sku":"S"},"updatedAt":"2025-01-01T00:00:00Z"}`))
	f.Add([]byte(`{"id":"2","properties":{"hs_lastmodifieddate":"99999999999999999999"}}`))
	f.Add([]byte(`{"id":"3","properties":{"lastmodifieddate":"-62135596800001"},"createdAt":"x"}`))
	s := api.Defaults()
	s.PriceCurrency = "EUR"
	ms := []mapper{
		{obj: s.Companies, fields: customerFields, build: customer, settings: s},
		{obj: s.Contacts, fields: leadFields, build: lead, settings: s},
	}
	p := mapper{obj: s.Products, fields: productFields, settings: s}
	p.build = p.product
	ms = append(ms, p)
	f.Fuzz(func(t *testing.T, raw []byte) {
		for _, m := range ms {
			r, q := m.record(raw, "w")
			if q == nil && r.Key == "" {
				t.Fatalf("record without key from %s", raw)
			}
			_, _, _ = m.placed(raw)
		}
		_ = rawTotal(raw)
		_ = rawID(raw)
		link := searchPrefix + string(raw)
		_, _ = parseSearch(link)
		_ = sizeOf(link)
		_, _ = resizeLink(link, 3)
		_ = sizeOf(archivedPrefix + string(raw))
		_, _ = resizeLink(string(raw), 2)
	})
}
