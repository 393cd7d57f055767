package sap

import (
	"encoding/xml"
	"net/http"
	"strings"
	"testing"
)

// TestBPDefaultFormatIsAtom: PROTOCOLS.md §6.1 — "$format=json or Accept:
// application/json (v2 default is Atom XML)". A read asking for JSON
// neither way is answered in Atom XML (a feed, an entry), so a client that
// forgets to ask cannot read it as JSON; $format=json or the Accept header
// gives JSON; an unknown $format is a 400 v2 error.
func TestBPDefaultFormatIsAtom(t *testing.T) {
	e := newBPEnv(t)
	entity := BPSet + "('" + PartnerID(0) + "')"
	for path, kind := range map[string]string{BPSet + "?$top=2&$inlinecount=allpages": "feed", entity: "entry"} {
		for _, accept := range []string{"", "*/*", "application/xml", "application/atom+xml"} {
			code, h, b := e.do(http.MethodGet, path, map[string]string{"Accept": accept}, "")
			if code != http.StatusOK || !strings.HasPrefix(h.Get("Content-Type"), "application/atom+xml;type="+kind) {
				t.Errorf("%s Accept %q: %d %s %.80s", path, accept, code, h.Get("Content-Type"), b)
				continue
			}
			var doc struct {
				XMLName xml.Name
				Props   []string `xml:"content>properties>BusinessPartner"`
				Entries []struct {
					Props []string `xml:"content>properties>BusinessPartner"`
				} `xml:"entry"`
			}
			if err := xml.Unmarshal(b, &doc); err != nil || doc.XMLName.Local != kind {
				t.Errorf("%s: not an Atom %s: %v %s", path, kind, err, b)
			}
			if ids := len(doc.Props) + len(doc.Entries); (kind == "feed" && ids != 2) || (kind == "entry" && (ids != 1 || doc.Props[0] != PartnerID(0))) {
				t.Errorf("%s: %d entities in %s", path, ids, b)
			}
		}
		sep := map[bool]string{true: "&", false: "?"}[strings.Contains(path, "?")]
		for _, hdr := range []map[string]string{{"Accept": ""}, {"Accept": "application/json"}} {
			p := path
			if hdr["Accept"] == "" {
				p += sep + "$format=json"
			}
			if code, h, _ := e.do(http.MethodGet, p, hdr, ""); code != http.StatusOK || !strings.HasPrefix(h.Get("Content-Type"), "application/json") {
				t.Errorf("%s %v: %d %s", p, hdr, code, h.Get("Content-Type"))
			}
		}
	}
	code, _, b := e.do(http.MethodGet, BPSet+"?$format=csv", nil, "")
	if code != http.StatusBadRequest {
		t.Fatalf("$format=csv: %d %s", code, b)
	}
	v2ErrorOf(t, b)
}
