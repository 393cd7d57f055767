package sap

import (
	"net/http"
	"testing"
)

// TestBPWriteNeedsJSONContentType: a v2 write's body is read by its
// Content-Type (verbose JSON only as application/json; Atom XML otherwise,
// the v2 default, PROTOCOLS.md §6.1): a JSON body sent without the JSON
// content type is refused with a v2 error, and nothing is changed.
func TestBPWriteNeedsJSONContentType(t *testing.T) {
	e := newBPEnv(t)
	path := "A_BusinessPartner('" + PartnerID(0) + "')"
	_, etag := e.entityOf(path)
	h := e.csrf()
	for _, ct := range []string{"", "text/plain", "application/atom+xml", "application/x-www-form-urlencoded"} {
		hdr := with(h, "If-Match", etag, "Content-Type", ct)
		code, _, b := e.do(http.MethodPatch, path, hdr, `{"OrganizationBPName1":"X"}`)
		if code != http.StatusUnsupportedMediaType {
			t.Errorf("Content-Type %q: %d %s", ct, code, b)
			continue
		}
		v2ErrorOf(t, b)
	}
	if d, _ := e.entityOf(path); d["OrganizationBPName1"] == "X" {
		t.Error("a refused write changed the partner")
	}
	if code, _, b := e.do(http.MethodPatch, path, with(h, "If-Match", etag, "Content-Type", "application/json; charset=utf-8"),
		`{"OrganizationBPName1":"X"}`); code != http.StatusNoContent {
		t.Errorf("application/json with charset: %d %s", code, b)
	}
}

// TestBPNegativeTopOrSkipIs400: $top and $skip are non-negative integers;
// $top=-1 was read as "no $top" and served every row.
func TestBPNegativeTopOrSkipIs400(t *testing.T) {
	e := newBPEnv(t)
	for _, q := range []string{"$top=-1", "$skip=-1", "$top=x", "$skip=1.5"} {
		code, _, b := e.do(http.MethodGet, BPSet+"?"+q, nil, "")
		if code != http.StatusBadRequest {
			t.Errorf("%s: %d, want 400", q, code)
			continue
		}
		v2ErrorOf(t, b)
	}
}

// TestBPOrderByDesc: $orderby takes asc or desc per property (OData v2 URI
// conventions); desc was refused with a 400. Descending puts the latest
// change first; another direction word is 400.
func TestBPOrderByDesc(t *testing.T) {
	e := newBPEnv(t)
	rows := e.collection(BPSet + "?$filter=LastChangeDate%20ne%20null&$orderby=LastChangeDate%20desc,LastChangeTime%20desc,BusinessPartner&$top=50").Results
	if len(rows) < 2 {
		t.Fatalf("%d rows", len(rows))
	}
	stamp := func(r map[string]any) string {
		d, _ := v2DateTime(r["LastChangeDate"].(string))
		return d.(interface{ Format(string) string }).Format("2006-01-02") + r["LastChangeTime"].(string)
	}
	for i := 1; i < len(rows); i++ {
		if stamp(rows[i-1]) < stamp(rows[i]) {
			t.Fatalf("row %d (%s) before row %d (%s) in descending order", i-1, stamp(rows[i-1]), i, stamp(rows[i]))
		}
	}
	code, _, b := e.do(http.MethodGet, BPSet+"?$orderby=LastChangeDate%20sideways", nil, "")
	if code != http.StatusBadRequest {
		t.Fatalf("sideways: %d", code)
	}
	v2ErrorOf(t, b)
}

// TestBPUnknownSystemQueryOption: a $-option OData v2 does not define
// (a misspelt $inlineCount, a v4 $search or $count) is a 400, not silently
// ignored: the service rejects system query options it does not support.
func TestBPUnknownSystemQueryOption(t *testing.T) {
	e := newBPEnv(t)
	for _, q := range []string{"$inlineCount=allpages", "$search=x", "$count=true", "$levels=2"} {
		code, _, b := e.do(http.MethodGet, BPSet+"?"+q, nil, "")
		if code != http.StatusBadRequest {
			t.Errorf("%s: %d", q, code)
			continue
		}
		v2ErrorOf(t, b)
	}
	e.collection(BPSet + "?$filter=SearchTerm1%20ne%20''&$select=BusinessPartner&$orderby=BusinessPartner&$top=2&$skip=1&$inlinecount=allpages&$expand=to_Customer&$format=json")
}
