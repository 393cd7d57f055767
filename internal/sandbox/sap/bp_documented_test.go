package sap

import (
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestBPCollectionShape: PROTOCOLS.md §6.4 — {"d":{"results":[…],"__count":"N",
// "__next":…}}, __count a string only with $inlinecount=allpages, entities with
// __metadata (uri, type, etag), deferred navigation properties.
func TestBPCollectionShape(t *testing.T) {
	e := newBPEnv(t)
	c := e.collection("A_BusinessPartner?$top=2&$inlinecount=allpages&$format=json")
	if len(c.Results) != 2 || c.Count != "25" || c.Next != "" {
		t.Fatalf("results %d, __count %#v, __next %q; want 2, \"25\", none ($top served)", len(c.Results), c.Count, c.Next)
	}
	bp := c.Results[0]
	meta, _ := bp["__metadata"].(map[string]any)
	if meta["type"] != "API_BUSINESS_PARTNER.A_BusinessPartnerType" || !strings.HasSuffix(meta["uri"].(string), "A_BusinessPartner('"+PartnerID(0)+"')") || !strings.HasPrefix(meta["etag"].(string), `W/"`) {
		t.Errorf("__metadata %v", meta)
	}
	if bp["BusinessPartnerCategory"] != "2" || bp["BusinessPartnerIDByExtSystem"] != "C-000001" {
		t.Errorf("partner %v", bp)
	}
	if nav, _ := bp["to_BusinessPartnerAddress"].(map[string]any); nav["__deferred"] == nil {
		t.Errorf("to_BusinessPartnerAddress not deferred: %v", bp["to_BusinessPartnerAddress"])
	}
	if c := e.collection("A_BusinessPartner?$top=1"); c.Count != nil {
		t.Errorf("__count %v without $inlinecount", c.Count)
	}
}

// TestBPServerPaging: at the page cap the server sends __next with a
// $skiptoken; following it verbatim reads every partner once, and the last
// page has no __next. The mode's required query is not in __next.
func TestBPServerPaging(t *testing.T) {
	e := newBPEnv(t)
	e.s.SetMode(Mode{PageSize: 10})
	seen := map[any]bool{}
	link, pages := "A_BusinessPartner?$orderby=BusinessPartner&$select=BusinessPartner", 0
	for link != "" {
		c := e.collection(link)
		for _, r := range c.Results {
			if seen[r["BusinessPartner"]] {
				t.Fatalf("%v twice", r["BusinessPartner"])
			}
			seen[r["BusinessPartner"]] = true
		}
		if c.Next != "" && !strings.Contains(c.Next, "$skiptoken=") {
			t.Fatalf("__next %q has no $skiptoken", c.Next)
		}
		link, pages = c.Next, pages+1
	}
	if len(seen) != 25 || pages != 3 {
		t.Errorf("%d partners in %d pages; want 25 in 3", len(seen), pages)
	}
	c := e.collection("A_BusinessPartner?$top=15")
	if len(c.Results) != 10 || !strings.Contains(c.Next, "$top=5") {
		t.Errorf("$top=15 over a cap of 10: %d results, __next %q", len(c.Results), c.Next)
	}
}

// TestBPLiterals: Edm.DateTime is /Date(ms)/, Edm.Time PT10H30M00S; $filter
// takes datetime'…' and time'…' literals and refuses v4 bare literals and
// the JSON forms.
func TestBPLiterals(t *testing.T) {
	e := newBPEnv(t)
	all := e.collection("A_BusinessPartner").Results
	date, _ := all[1]["LastChangeDate"].(string)
	tm, _ := all[1]["LastChangeTime"].(string)
	d, ok := v2DateTime(date)
	if !ok || !dateMillis.MatchString(date) || d.(time.Time).Truncate(24*time.Hour) != d {
		t.Fatalf("LastChangeDate %q: want /Date(ms)/ at midnight", date)
	}
	if _, ok := v2Time(tm); !ok || !timeLiteral.MatchString(tm) {
		t.Fatalf("LastChangeTime %q: want PT..H..M..S", tm)
	}
	day := d.(time.Time).Format("2006-01-02T15:04:05")
	eq := e.collection("A_BusinessPartner?$filter=LastChangeDate%20eq%20datetime'" + day + "'&$inlinecount=allpages")
	ge := e.collection("A_BusinessPartner?$filter=LastChangeDate%20ge%20datetime'" + day + "'%20and%20LastChangeTime%20ge%20time'" + tm + "'")
	if eq.Count == "0" || len(ge.Results) == 0 || len(ge.Results) >= len(all) {
		t.Errorf("date eq: %v rows, date and time ge: %d of %d", eq.Count, len(ge.Results), len(all))
	}
	for _, r := range eq.Results {
		if r["LastChangeDate"] != date {
			t.Errorf("date eq %s matched %v", day, r["LastChangeDate"])
		}
	}
	for _, bad := range []string{
		"LastChangeDate%20ge%202026-01-01T00:00:00Z", "LastChangeDate%20ge%20'" + date + "'",
		"LastChangeTime%20gt%20" + tm, "LastChangeDate%20ge%20datetime'2026-13-01T00:00:00'",
		"BusinessPartner%20eq%201000001", "Unknown%20eq%20'x'",
	} {
		code, _, b := e.do(http.MethodGet, "A_BusinessPartner?$filter="+bad, nil, "")
		if code != http.StatusBadRequest {
			t.Errorf("$filter=%s: %d, want 400", bad, code)
			continue
		}
		v2ErrorOf(t, b)
	}
}

// TestBPPlusIsNotWhitespace: '+' in a query is a sign, not a space: 400 with
// a v2 error body, as the v4 service answers.
func TestBPPlusIsNotWhitespace(t *testing.T) {
	e := newBPEnv(t)
	code, _, b := e.do(http.MethodGet, "A_BusinessPartner?$filter=BusinessPartnerIDByExtSystem+eq+'C-000001'", nil, "")
	if code != http.StatusBadRequest {
		t.Fatalf("'+' in $filter: %d", code)
	}
	if _, msg := v2ErrorOf(t, b); !strings.Contains(msg, `"+" found`) {
		t.Errorf("message %q", msg)
	}
}

// TestBPExpandSelect: $expand inlines the address and tax numbers as
// {"results":[…]} and the customer as one entity; $select limits the
// properties; unknown names in $select, $expand and v4's $count are 400.
func TestBPExpandSelect(t *testing.T) {
	e := newBPEnv(t)
	c := e.collection("A_BusinessPartner?$filter=BusinessPartnerIDByExtSystem%20eq%20'C-000003'&$expand=to_BusinessPartnerAddress,to_BusinessPartnerTax,to_Customer")
	if len(c.Results) != 1 {
		t.Fatalf("%d partners for C-000003", len(c.Results))
	}
	bp := c.Results[0]
	addr := bp["to_BusinessPartnerAddress"].(map[string]any)["results"].([]any)
	tax := bp["to_BusinessPartnerTax"].(map[string]any)["results"].([]any)
	cust, _ := bp["to_Customer"].(map[string]any)
	a := e.s.cat.Account(2)
	street := addr[0].(map[string]any)["StreetName"].(string) + " " + addr[0].(map[string]any)["HouseNumber"].(string)
	if len(addr) != 1 || street != a.Street || addr[0].(map[string]any)["CityName"] != a.City || tax[0].(map[string]any)["BPTaxNumber"] != a.VATID || cust["Customer"] != PartnerID(2) {
		t.Errorf("expanded %v / %v / %v; account %+v", addr, tax, cust, a)
	}
	sel := e.collection("A_BusinessPartner?$select=BusinessPartner,to_Customer&$expand=to_Customer&$top=1").Results[0]
	if _, ok := sel["OrganizationBPName1"]; ok || sel["to_Customer"] == nil || len(sel) != 3 {
		t.Errorf("$select: %v", sel)
	}
	for _, q := range []string{"$select=Nope", "$expand=to_Nope", "$count=true", "$inlinecount=yes", "$orderby=Nope", "$skiptoken=x"} {
		code, _, b := e.do(http.MethodGet, "A_BusinessPartner?"+q, nil, "")
		if code != http.StatusBadRequest {
			t.Errorf("%s: %d, want 400", q, code)
			continue
		}
		v2ErrorOf(t, b)
	}
}

// TestBPSkipAndAuth: $skip with $top is client paging (PROTOCOLS.md §6.4);
// a request without valid credentials is 401 with a v2 error body.
func TestBPSkipAndAuth(t *testing.T) {
	e := newBPEnv(t)
	c := e.collection("A_BusinessPartner?$orderby=BusinessPartner&$skip=20&$top=10")
	if len(c.Results) != 5 || c.Results[0]["BusinessPartner"] != PartnerID(20) || c.Next != "" {
		t.Errorf("$skip=20&$top=10: %d results from %v, __next %q", len(c.Results), c.Results[0]["BusinessPartner"], c.Next)
	}
	req, _ := http.NewRequest(http.MethodGet, e.srv.URL+BPService+BPSet, nil)
	req.SetBasicAuth("u", "wrong")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var b strings.Builder
	_, _ = io.Copy(&b, resp.Body)
	if resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("wrong password: %d", resp.StatusCode)
	}
	v2ErrorOf(t, []byte(b.String()))
}
