package odata_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stewardhq/steward/internal/sandbox/sap"
	"github.com/stewardhq/steward/load"
)

// partnerByKey reads a partner with its address straight from the emulator.
func (e *env) partnerByKey(t *testing.T, id string) (map[string]any, map[string]any) {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, sap.BPService+sap.BPSet+"('"+id+"')?$expand=to_BusinessPartnerAddress", nil)
	req.SetBasicAuth("U", "P")
	req.Header.Set("Accept", "application/json")
	rec := httptest.NewRecorder()
	e.emu.ServeHTTP(rec, req)
	var d struct{ D map[string]any }
	if err := json.Unmarshal(rec.Body.Bytes(), &d); err != nil || rec.Code != http.StatusOK {
		t.Fatalf("read partner %s: %d %s", id, rec.Code, rec.Body)
	}
	addr := d.D["to_BusinessPartnerAddress"].(map[string]any)["results"].([]any)[0].(map[string]any)
	return d.D, addr
}

// TestCustomerUpdatedByNativeID: a partner lacking the external id, known
// by its BusinessPartner key (the crosswalked record), is updated by that
// key and given BusinessPartnerIDByExtSystem; a later write by the external
// id alone finds it unchanged; a key SAP does not hold is rejected.
func TestCustomerUpdatedByNativeID(t *testing.T) {
	e := newEnv(t, "name", "city")
	if !e.emu.AddPartner("9000001", "Acme GmbH", "") {
		t.Fatal("partner not added")
	}
	a := item(1, "C-000777", "city", "Kiel")
	a.UUID = "9000001"
	b := item(2, "C-000778", "city", "Bonn")
	b.UUID = "9000099"
	outs, err := e.loader.Write(t.Context(), []load.Item{a, b})
	if err != nil {
		t.Fatal(err)
	}
	if outs[0].Status != load.Written || outs[1].Status != load.Rejected {
		t.Fatalf("outcomes %q", statuses(outs))
	}
	bp, addr := e.partnerByKey(t, "9000001")
	if bp["BusinessPartnerIDByExtSystem"] != "C-000777" || addr["CityName"] != "Kiel" || bp["BusinessPartnerFullName"] != "Acme GmbH" {
		t.Errorf("partner %v / %v: want Kiel and external id C-000777", bp, addr)
	}
	again, err := e.loader.Write(t.Context(), []load.Item{item(3, "C-000777", "city", "Kiel")})
	if err != nil || again[0].Status != load.Unchanged {
		t.Errorf("write by the external id after: %q %v", statuses(again), err)
	}
}
