package sap

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestBPNeverChanged: partners never changed since their creation carry
// LastChangeDate null and LastChangeTime PT00H00M00S beside CreationDate and
// CreationTime; $filter on LastChangeDate eq null and $orderby on the
// creation fields select and order them; a change stamps LastChangeDate,
// and the creation fields are read-only.
func TestBPNeverChanged(t *testing.T) {
	e := newBPEnv(t)
	never := e.collection(BPSet + "?$filter=LastChangeDate%20eq%20null&$orderby=CreationDate,CreationTime,BusinessPartner&$top=100").Results
	all := e.collection(BPSet + "?$top=1000").Results
	if len(never) == 0 || len(never) == len(all) {
		t.Fatalf("%d of %d partners never changed; want some, not all", len(never), len(all))
	}
	prev := ""
	for _, bp := range never {
		if bp["LastChangeDate"] != nil || bp["LastChangeTime"] != "PT00H00M00S" {
			t.Errorf("%v: LastChangeDate %v, LastChangeTime %v", bp["BusinessPartner"], bp["LastChangeDate"], bp["LastChangeTime"])
		}
		d, ok := v2DateTime(bp["CreationDate"].(string))
		tm, tok := v2Time(bp["CreationTime"].(string))
		if !ok || !tok {
			t.Fatalf("%v: creation %v %v", bp["BusinessPartner"], bp["CreationDate"], bp["CreationTime"])
		}
		stamp := d.(time.Time).Add(tm.(time.Duration)).Format(time.RFC3339) + bp["BusinessPartner"].(string)
		if stamp < prev {
			t.Errorf("%s after %s in CreationDate, CreationTime order", stamp, prev)
		}
		prev = stamp
	}
	id := never[0]["BusinessPartner"].(string)
	path := BPSet + "('" + id + "')"
	_, etag := e.entityOf(path)
	if code, _, b := e.do(http.MethodPatch, path, with(e.csrf(), "If-Match", etag), `{"CreationDate":"/Date(0)/"}`); code != http.StatusBadRequest {
		t.Errorf("PATCH CreationDate: %d %s, want 400 (read-only)", code, b)
	}
	if code, _, b := e.do(http.MethodPatch, path, with(e.csrf(), "If-Match", "*"), `{"SearchTerm1":"X"}`); code != http.StatusNoContent {
		t.Fatalf("PATCH: %d %s", code, b)
	}
	got, _ := e.entityOf(path)
	if d, _ := got["LastChangeDate"].(string); d != fmt.Sprintf("/Date(%d)/", bpClock.Truncate(24*time.Hour).UnixMilli()) || got["LastChangeTime"] != "PT14H05M06S" {
		t.Errorf("after a change: LastChangeDate %v, LastChangeTime %v", got["LastChangeDate"], got["LastChangeTime"])
	}
}

// TestBPNameLines: BusinessPartnerFullName is OrganizationBPName1 and
// OrganizationBPName2 joined by a space, recomputed on a change of either;
// a line over 40 characters is refused (400) and changes nothing.
func TestBPNameLines(t *testing.T) {
	e := newBPEnv(t)
	path := BPSet + "('" + PartnerID(1) + "')"
	h := with(e.csrf(), "If-Match", "*")
	if code, _, b := e.do(http.MethodPatch, path, h, `{"OrganizationBPName1":"ACME Germany Holding","OrganizationBPName2":"GmbH & Co. KG"}`); code != http.StatusNoContent {
		t.Fatalf("PATCH: %d %s", code, b)
	}
	got, _ := e.entityOf(path)
	if got["BusinessPartnerFullName"] != "ACME Germany Holding GmbH & Co. KG" {
		t.Errorf("full name %q", got["BusinessPartnerFullName"])
	}
	code, _, b := e.do(http.MethodPatch, path, h, `{"OrganizationBPName2":"`+strings.Repeat("x", 41)+`"}`)
	if code != http.StatusBadRequest {
		t.Fatalf("41 characters on line 2: %d %s, want 400", code, b)
	}
	v2ErrorOf(t, b)
	if again, _ := e.entityOf(path); again["OrganizationBPName2"] != "GmbH & Co. KG" {
		t.Errorf("a refused write changed line 2 to %q", again["OrganizationBPName2"])
	}
}

// TestBPZone: with a zone set, creations and changes are stamped in its
// local time (on-premise SAP), not UTC.
func TestBPZone(t *testing.T) {
	e := newBPEnv(t)
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	e.s.SetZone(berlin)
	if !e.s.AddPartner("0009000001", "Neu GmbH", "N-1") {
		t.Fatal("AddPartner refused a new id")
	}
	got, _ := e.entityOf(BPSet + "('0009000001')")
	if got["CreationTime"] != "PT15H05M06S" || got["LastChangeDate"] != nil {
		t.Errorf("created in Berlin at 14:05:06 UTC: CreationTime %v, LastChangeDate %v", got["CreationTime"], got["LastChangeDate"])
	}
}
