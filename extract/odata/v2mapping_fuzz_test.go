package odata

import (
	"encoding/json"
	"testing"
	"time"
)

// FuzzV2Customer feeds arbitrary entities to the business partner mapping
// and to the key set position: neither panics, and a mapped record has its
// key and a change time at or after its date's midnight.
func FuzzV2Customer(f *testing.F) {
	f.Add([]byte(`{"BusinessPartner":"1","BusinessPartnerFullName":"A","LastChangeDate":"/Date(1714521600000)/","LastChangeTime":"PT10H30M00S","to_BusinessPartnerAddress":{"results":[{"StreetName":"S","HouseNumber":"1"}]},"to_BusinessPartnerTax":{"results":[{"BPTaxNumber":"DE1"}]}}`))
	f.Add([]byte(`{"BusinessPartner":"1","LastChangeDate":null,"LastChangeTime":"PT00H00M00S","to_BusinessPartnerAddress":{"__deferred":{}}}`))
	f.Add([]byte(`{"BusinessPartner":"1","LastChangeDate":"/Date(-1)/","LastChangeTime":"PT9223372036854775807H","to_BusinessPartnerAddress":{"results":[1]}}`))
	m := v2Mapper{customer: true, key: []string{"BusinessPartner"}, dateField: "LastChangeDate", timeField: "LastChangeTime"}
	x := &V2Extractor{mapper: m}
	x.entity.Key = m.key
	f.Fuzz(func(t *testing.T, b []byte) {
		r, err := m.mapOne(json.RawMessage(b))
		if err == nil {
			day := r.Updated.Truncate(24 * time.Hour)
			if r.Key == "" || r.Updated.Sub(day) >= 24*time.Hour || !json.Valid(r.Payload) {
				t.Fatalf("%q mapped to %+v", b, r)
			}
		}
		_, _ = x.position(json.RawMessage(b))
	})
}
