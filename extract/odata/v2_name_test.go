package odata_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/stewardhq/steward/internal/record"
	"github.com/stewardhq/steward/transform"
)

// TestV2NameFromLines: a partner's name is its name lines 1 and 2 joined
// by a space, what the loader writes, BusinessPartnerFullName only when
// both lines are empty.
func TestV2NameFromLines(t *testing.T) {
	lines := strings.Replace(changedOnce("1000001"), `"OrganizationBPName1":"Partner 1000001"`, `"OrganizationBPName1":"ACME Germany Holding","OrganizationBPName2":"GmbH & Co. KG"`, 1)
	full := strings.Replace(changedOnce("1000002"), `"OrganizationBPName1":"Partner 1000002"`, `"OrganizationBPName1":"","OrganizationBPName2":""`, 1)
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"d":{"results":[%s,%s]}}`, lines, full)
	})
	recs, _ := v2Pass(t, v2Extractor(t, h, "server", 10), record.Cursor{})
	want := map[string]string{"1000001": "ACME Germany Holding GmbH & Co. KG", "1000002": "Partner 1000002"}
	if len(recs) != 2 {
		t.Fatalf("%d records", len(recs))
	}
	for _, r := range recs {
		var c transform.Customer
		if err := json.Unmarshal(r.Payload, &c); err != nil || c.Name != want[r.Key] {
			t.Errorf("%s: name %q (%v), want %q", r.Key, c.Name, err, want[r.Key])
		}
	}
}
