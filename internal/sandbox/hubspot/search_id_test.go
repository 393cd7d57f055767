package hubspot

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// hs_object_id is a number property: a search filters and sorts by it as a
// number (GT "9" keeps five-digit ids, which a string comparison would
// drop), and with an EQ on the change time it pages through a tie by id
// (the connector's way past a tie fuller than a page).
func TestSearchByObjectID(t *testing.T) {
	e, srv, clk := start(t, nil)
	var ids []string
	for k := range 5 {
		ids = append(ids, put(t, e, "companies", map[string]string{"name": fmt.Sprintf("Co %d", k)})...)
	}
	mod := clk.Now().UnixMilli() // all five share this change time
	body := func(filters, dir string) string {
		return `{"filterGroups":[{"filters":[` + filters + `]}],"sorts":[{"propertyName":"hs_object_id","direction":"` + dir + `"}],"limit":2}`
	}
	total, got := searchIDs(t, call(t, srv, "POST", "/crm/v3/objects/companies/search", body(`{"propertyName":"hs_object_id","operator":"GT","value":"9"}`, "ASCENDING")))
	if total != 5 || !slices.Equal(got, ids[:2]) {
		t.Errorf("GT 9: total %d ids %v, want all five, %v first", total, got, ids[:2])
	}
	tie := fmt.Sprintf(`{"propertyName":"hs_lastmodifieddate","operator":"EQ","value":"%d"},{"propertyName":"hs_object_id","operator":"GT","value":"%s"}`, mod, ids[1])
	total, got = searchIDs(t, call(t, srv, "POST", "/crm/v3/objects/companies/search", body(tie, "ASCENDING")))
	if total != 3 || !slices.Equal(got, ids[2:4]) {
		t.Errorf("tie after %s: total %d ids %v, want %v", ids[1], total, got, ids[2:4])
	}
	_, got = searchIDs(t, call(t, srv, "POST", "/crm/v3/objects/companies/search", body(`{"propertyName":"hs_object_id","operator":"GTE","value":"0"}`, "DESCENDING")))
	if !slices.Equal(got, []string{ids[4], ids[3]}) {
		t.Errorf("descending: %v", got)
	}
	b := expectError(t, call(t, srv, "POST", "/crm/v3/objects/companies/search", body(`{"propertyName":"hs_object_id","operator":"GT","value":"abc"}`, "ASCENDING")), 400, "VALIDATION_ERROR")
	if !strings.Contains(b.Message, "hs_object_id") {
		t.Errorf("message %q does not name hs_object_id", b.Message)
	}
}
