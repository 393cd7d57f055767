package salesforce

import (
	"testing"

	api "github.com/stewardhq/steward/internal/api/salesforce"
)

// FuzzMap: any record bytes map to a record or an error, never a panic, for
// every data type read from Salesforce.
func FuzzMap(f *testing.F) {
	f.Add([]byte(`{"attributes":{"type":"Account"},"Id":"001A","Name":"Acme","SystemModstamp":"2025-03-01T08:00:00.000+0000"}`))
	f.Add([]byte(`{"Id":"00Q1","CreatedDate":"2025-03-01T08:00:00Z","SystemModstamp":"2025-03-01T08:00:00.000+0000","IsActive":true}`))
	f.Add([]byte(`{"Id":1,"SystemModstamp":null}`))
	f.Fuzz(func(t *testing.T, raw []byte) {
		for _, dt := range []string{"customers", "leads", "products"} {
			m := mapper{dataType: dt, obj: api.DefaultObjects[dt]}
			r, err := m.Map(raw)
			if err == nil && (r.Key == "" || r.Updated.IsZero()) {
				t.Fatalf("%s: record without key or stamp: %+v", dt, r)
			}
			_ = keyOf(raw)
		}
	})
}
