package odata_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/stewardhq/steward/internal/record"
)

// neverChanged is an SAP business partner as API_BUSINESS_PARTNER sends one
// that nobody changed since it was created: BUT000's change date is
// initial, so LastChangeDate is null and LastChangeTime PT00H00M00S; only
// CreationDate and CreationTime carry its time (SAP's own S/4HANA mock
// server for the Cloud SDK creates partners so).
func neverChanged(id string) string {
	return fmt.Sprintf(`{"__metadata":{"type":"API_BUSINESS_PARTNER.A_BusinessPartnerType"},"BusinessPartner":%q,"BusinessPartnerCategory":"2",
"BusinessPartnerFullName":"Partner %s","OrganizationBPName1":"Partner %s","BusinessPartnerIDByExtSystem":"EXT-%s",
"CreationDate":"/Date(1714521600000)/","CreationTime":"PT09H15M00S","LastChangeDate":null,"LastChangeTime":"PT00H00M00S",
"to_BusinessPartnerAddress":{"results":[{"BusinessPartner":%q,"AddressID":"1","StreetName":"Hafenstraße","HouseNumber":"1","PostalCode":"20457","CityName":"Hamburg","Country":"DE"}]},
"to_BusinessPartnerTax":{"results":[]}}`, id, id, id, id, id)
}

// changedOnce is a partner with a change date and time.
func changedOnce(id string) string {
	s := neverChanged(id)
	return strings.Replace(s, `"LastChangeDate":null,"LastChangeTime":"PT00H00M00S"`, `"LastChangeDate":"/Date(1714608000000)/","LastChangeTime":"PT10H30M00S"`, 1)
}

// TestV2NeverChangedPartners: a full pass reads every business partner,
// also the ones never changed since their creation (LastChangeDate null).
// They sort first on $orderby=LastChangeDate (the initial date), so a full
// first page of them must not end the pass either.
func TestV2NeverChangedPartners(t *testing.T) {
	for _, pageSize := range []int{10, 2} {
		t.Run(fmt.Sprint("page_size=", pageSize), func(t *testing.T) {
			h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				rows := []string{neverChanged("1000001"), neverChanged("1000002"), changedOnce("1000003")}
				if f := r.URL.Query().Get("$filter"); strings.Contains(f, " gt ") {
					rows = rows[2:] // the rows after the first page's last
				}
				if n := pageSize; len(rows) > n {
					rows = rows[:n]
				}
				fmt.Fprintf(w, `{"d":{"results":[%s]}}`, strings.Join(rows, ","))
			})
			x := v2Extractor(t, h, "keyset", pageSize)
			got := map[string]bool{}
			var bad []string
			for p, err := range x.Extract(t.Context(), record.Cursor{}) {
				if err != nil {
					t.Fatalf("pass failed: %v", err)
				}
				for _, r := range p.Records {
					got[r.Key] = true
				}
				for _, q := range p.Quarantined {
					bad = append(bad, q.Key+": "+q.Reason)
				}
			}
			if len(got) != 3 || len(bad) > 0 {
				t.Errorf("read %v, quarantined %q; want the 3 partners, none quarantined", got, bad)
			}
		})
	}
}
