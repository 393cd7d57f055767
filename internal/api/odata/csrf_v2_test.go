package odata_test

import (
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stewardhq/steward/internal/api/odata"
	"github.com/stewardhq/steward/internal/sandbox/catalog"
	"github.com/stewardhq/steward/internal/sandbox/sap"
)

// TestPatchV2CSRF: a v2 write fetches the CSRF token first, refetches it once
// when the session expired (403 X-CSRF-Token: Required), reports 412 and the
// v2 error message, and GetV2 reads the v2 collection.
func TestPatchV2CSRF(t *testing.T) {
	emu := sap.New(catalog.New(100, 1), sap.Credentials{User: "U", Password: "P"})
	srv := httptest.NewServer(emu)
	defer srv.Close()
	c := client(t, srv.URL, odata.Settings{})
	path := sap.BPService + sap.BPSet + "('" + sap.PartnerID(0) + "')"
	if err := c.PatchV2(t.Context(), path, []byte(`{"OrganizationBPName1":"One"}`), "*"); err != nil {
		t.Fatalf("first write: %v", err)
	}
	emu.ExpireCSRF()
	before := emu.Calls()["HEAD "+sap.BPService] + emu.Calls()["GET "+sap.BPService]
	if err := c.PatchV2(t.Context(), path, []byte(`{"OrganizationBPName1":"Two"}`), "*"); err != nil {
		t.Fatalf("write after the CSRF session expired: %v", err)
	}
	if after := emu.Calls()["HEAD "+sap.BPService] + emu.Calls()["GET "+sap.BPService]; after != before+1 {
		t.Errorf("token fetches %d → %d; want one refetch", before, after)
	}
	err := c.PatchV2(t.Context(), path, []byte(`{"OrganizationBPName1":"Three"}`), `W/"stale"`)
	if err == nil || !strings.Contains(err.Error(), "412") || !strings.Contains(err.Error(), "ETag mismatch") {
		t.Errorf("stale etag: %v", err)
	}
	p, err := c.GetV2(t.Context(), c.CollectionURL(sap.BPService+sap.BPSet, odata.Query{Filter: "BusinessPartnerFullName eq 'Two'", Count: true, V2: true}))
	if err != nil || len(p.Value) != 1 || p.Count == nil || *p.Count != 1 {
		t.Fatalf("read back: %+v %v", p, err)
	}
}
