package sap

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

// entityOf GETs one entity ({"d":{…}}) and returns it with its ETag header.
func (e *bpEnv) entityOf(path string) (map[string]any, string) {
	e.t.Helper()
	code, h, b := e.do(http.MethodGet, path, nil, "")
	var d struct{ D map[string]any }
	if code != http.StatusOK || json.Unmarshal(b, &d) != nil {
		e.t.Fatalf("GET %s: %d %s", path, code, b)
	}
	if meta := d.D["__metadata"].(map[string]any); meta["etag"] != h.Get("ETag") {
		e.t.Errorf("ETag header %q, __metadata etag %v", h.Get("ETag"), meta["etag"])
	}
	return d.D, h.Get("ETag")
}

func with(h map[string]string, kv ...string) map[string]string {
	out := map[string]string{}
	for k, v := range h {
		out[k] = v
	}
	for i := 0; i+1 < len(kv); i += 2 {
		out[kv[i]] = kv[i+1]
	}
	return out
}

// TestBPCSRF: PROTOCOLS.md §6.3 — a write without the token (or with a token
// of another session, or without the cookie) is 403 with X-CSRF-Token:
// Required and "CSRF token validation failed"; after a fetch it passes.
func TestBPCSRF(t *testing.T) {
	e := newBPEnv(t)
	path := "A_BusinessPartner('" + PartnerID(0) + "')"
	_, etag := e.entityOf(path)
	h := e.csrf()
	for name, hdr := range map[string]map[string]string{
		"no token":  {"If-Match": etag},
		"no cookie": {"If-Match": etag, "X-CSRF-Token": h["X-CSRF-Token"]},
		"bad token": with(h, "If-Match", etag, "X-CSRF-Token", "forged"),
	} {
		code, rh, b := e.do(http.MethodPatch, path, hdr, `{"OrganizationBPName1":"X"}`)
		if code != http.StatusForbidden || rh.Get("X-CSRF-Token") != "Required" || string(b) != "CSRF token validation failed" {
			t.Errorf("%s: %d %q %s", name, code, rh.Get("X-CSRF-Token"), b)
		}
	}
	if code, _, b := e.do(http.MethodPatch, path, with(h, "If-Match", etag), `{"OrganizationBPName1":"X"}`); code != http.StatusNoContent {
		t.Errorf("with token: %d %s", code, b)
	}
}

// TestBPPatch: PATCH with the entity's etag as If-Match changes it (204),
// stamps the partner's LastChangeDate/Time from the clock and changes the
// etag; the old etag is then 412, no If-Match 428, If-Match * passes;
// unknown, key and read-only properties are 400.
func TestBPPatch(t *testing.T) {
	e := newBPEnv(t)
	h := e.csrf()
	path := "A_BusinessPartnerAddress(BusinessPartner='" + PartnerID(4) + "',AddressID='20005')"
	addr, etag := e.entityOf(path)
	if code, _, b := e.do(http.MethodPatch, path, with(h, "If-Match", etag), `{"StreetName":"Neuer Wall","HouseNumber":"7"}`); code != http.StatusNoContent {
		t.Fatalf("PATCH: %d %s", code, b)
	}
	after, etag2 := e.entityOf(path)
	if after["StreetName"] != "Neuer Wall" || after["CityName"] != addr["CityName"] || etag2 == etag {
		t.Errorf("after PATCH %v etag %s (was %s)", after, etag2, etag)
	}
	bp, _ := e.entityOf("A_BusinessPartner('" + PartnerID(4) + "')")
	if bp["LastChangeDate"] != "/Date(1773014400000)/" || bp["LastChangeTime"] != "PT14H05M06S" {
		t.Errorf("partner change stamp %v %v; want the clock's 2026-03-09 14:05:06", bp["LastChangeDate"], bp["LastChangeTime"])
	}
	cases := []struct {
		name, ifMatch, body string
		want                int
	}{
		{"stale etag", etag, `{"CityName":"Kiel"}`, http.StatusPreconditionFailed},
		{"no If-Match", "", `{"CityName":"Kiel"}`, http.StatusPreconditionRequired},
		{"unknown", "*", `{"City":"Kiel"}`, http.StatusBadRequest},
		{"key", "*", `{"AddressID":"1"}`, http.StatusBadRequest},
		{"type", "*", `{"CityName":5}`, http.StatusBadRequest},
		{"star", "*", `{"CityName":"Kiel"}`, http.StatusNoContent},
	}
	for _, c := range cases {
		hdr := with(h)
		if c.ifMatch != "" {
			hdr["If-Match"] = c.ifMatch
		}
		code, _, b := e.do(http.MethodPatch, path, hdr, c.body)
		if code != c.want {
			t.Errorf("%s: %d %s, want %d", c.name, code, b, c.want)
		} else if code >= 400 {
			v2ErrorOf(t, b)
		}
	}
	bpPath := "A_BusinessPartner('" + PartnerID(4) + "')"
	if code, _, b := e.do(http.MethodPatch, bpPath, with(h, "If-Match", "*"), `{"BusinessPartnerFullName":"X"}`); code != http.StatusBadRequest {
		t.Errorf("read-only BusinessPartnerFullName: %d %s", code, b)
	}
}

// TestBPMerge: MERGE, and MERGE tunnelled in a POST with X-HTTP-Method,
// update the partner; the full name follows OrganizationBPName1.
func TestBPMerge(t *testing.T) {
	e := newBPEnv(t)
	h := e.csrf()
	path := "A_BusinessPartner('" + PartnerID(7) + "')"
	for i, hdr := range []map[string]string{with(h), with(h, "X-HTTP-Method", "MERGE")} {
		method := []string{"MERGE", http.MethodPost}[i]
		_, etag := e.entityOf(path)
		name := "Merged " + method
		if code, _, b := e.do(method, path, with(hdr, "If-Match", etag), `{"d":{"OrganizationBPName1":"`+name+`"}}`); code != http.StatusNoContent {
			t.Fatalf("%s: %d %s", method, code, b)
		}
		bp, _ := e.entityOf(path)
		if bp["OrganizationBPName1"] != name || bp["BusinessPartnerFullName"] != name {
			t.Errorf("%s: %v", method, bp)
		}
	}
	if code, _, _ := e.do(http.MethodPost, path, with(h, "If-Match", "*"), `{}`); code != http.StatusMethodNotAllowed {
		t.Errorf("POST without X-HTTP-Method on an entity: %d, want 405", code)
	}
	if code, _, b := e.do(http.MethodGet, "A_BusinessPartner('9999999999')", nil, ""); code != http.StatusNotFound || !strings.Contains(string(b), "Resource not found") {
		t.Errorf("unknown partner: %d %s", code, b)
	}
}

// TestBPStateRoundTrip: a partner changed through the API and one deleted
// survive SaveState and LoadState into a fresh emulator.
func TestBPStateRoundTrip(t *testing.T) {
	e := newBPEnv(t)
	path := "A_BusinessPartner('" + PartnerID(1) + "')"
	if code, _, b := e.do(http.MethodPatch, path, with(e.csrf(), "If-Match", "*"), `{"OrganizationBPName1":"Saved"}`); code != http.StatusNoContent {
		t.Fatalf("PATCH: %d %s", code, b)
	}
	e.s.DeletePartner(PartnerID(2))
	saved, err := e.s.SaveState()
	if err != nil {
		t.Fatal(err)
	}
	fresh := newBPEnv(t)
	if err := fresh.s.LoadState(saved); err != nil {
		t.Fatal(err)
	}
	if bp, _ := fresh.entityOf(path); bp["BusinessPartnerFullName"] != "Saved" {
		t.Errorf("after load: %v", bp)
	}
	if c := fresh.collection("A_BusinessPartner?$inlinecount=allpages&$top=0"); c.Count != "24" {
		t.Errorf("after load: %v partners, want 24", c.Count)
	}
}
