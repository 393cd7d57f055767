package hubspot

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// searchIDs runs a search and returns the answer's total and result ids.
func searchIDs(t *testing.T, a answer) (int, []string) {
	t.Helper()
	expect(t, a, 200)
	l := decode[listing](t, a)
	var ids []string
	for _, r := range l.Results {
		ids = append(ids, r["id"].(string))
	}
	return l.Total, ids
}

// §3.3: filter groups are OR-ed, filters inside a group AND-ed; the answer
// adds "total"; sorts come as objects or bare strings.
func TestDocumentedSearchGroupsAndSorts(t *testing.T) {
	e, srv, _ := start(t, nil)
	ids := put(t, e, "products",
		map[string]string{"hs_sku": "A", "name": "Chair", "price": "10"},
		map[string]string{"hs_sku": "B", "name": "Table", "price": "200"},
		map[string]string{"hs_sku": "C", "name": "Chair deluxe", "price": "99.5"})
	body := `{"filterGroups":[{"filters":[{"propertyName":"name","operator":"CONTAINS_TOKEN","value":"chair"},{"propertyName":"price","operator":"GT","value":"50"}]},
		{"filters":[{"propertyName":"hs_sku","operator":"EQ","value":"b"}]}],
		"sorts":[{"propertyName":"price","direction":"DESCENDING"}],"properties":["hs_sku","price"],"limit":10}`
	total, got := searchIDs(t, call(t, srv, "POST", "/crm/v3/objects/products/search", body))
	if total != 2 || strings.Join(got, ",") != ids[1]+","+ids[2] {
		t.Errorf("total %d ids %v, want %s,%s", total, got, ids[1], ids[2])
	}
	_, got = searchIDs(t, call(t, srv, "POST", "/crm/v3/objects/products/search", `{"sorts":["price"]}`))
	if strings.Join(got, ",") != ids[0]+","+ids[2]+","+ids[1] {
		t.Errorf("bare string sort by price: %v", got)
	}
	for _, bad := range []string{`{"sorts":[{"propertyName":"price","direction":"UP"}]}`, `{"sorts":[{"propertyName":"colour"}]}`,
		`{"filterGroups":[{"filters":[{"propertyName":"price","operator":"LIKE","value":"1"}]}]}`,
		`{"filterGroups":[{"filters":[{"propertyName":"price","operator":"BETWEEN","value":"1"}]}]}`,
		`{"filterGroups":[{"filters":[{"propertyName":"price","operator":"EQ","value":"ten"}]}]}`,
		`{"filterGroups":[{"filters":[{"propertyName":"price","operator":"EQ","value":10}]}]}`,
		`{"limit":201}`, `{"after":"x"}`, `{"unknown":1}`} {
		expectError(t, call(t, srv, "POST", "/crm/v3/objects/products/search", bad), 400, "VALIDATION_ERROR")
	}
}

// §3.3: every operator of the SDK's filter model.
func TestDocumentedSearchOperators(t *testing.T) {
	e, srv, _ := start(t, nil)
	ids := put(t, e, "contacts",
		map[string]string{"email": "a@x.example", "firstname": "Anna", "country": "DE"},
		map[string]string{"email": "b@y.example", "firstname": "Bert"},
		map[string]string{"email": "c@x.example", "firstname": "Cleo", "country": "FR"})
	for f, want := range map[string][]string{
		`{"propertyName":"country","operator":"EQ","value":"de"}`:                              {ids[0]},
		`{"propertyName":"country","operator":"NEQ","value":"DE"}`:                             {ids[1], ids[2]},
		`{"propertyName":"firstname","operator":"LT","value":"Bert"}`:                          {ids[0]},
		`{"propertyName":"firstname","operator":"LTE","value":"Bert"}`:                         {ids[0], ids[1]},
		`{"propertyName":"firstname","operator":"GT","value":"Bert"}`:                          {ids[2]},
		`{"propertyName":"firstname","operator":"GTE","value":"Bert"}`:                         {ids[1], ids[2]},
		`{"propertyName":"hs_object_id","operator":"BETWEEN","value":"102","highValue":"103"}`: {ids[1], ids[2]},
		`{"propertyName":"country","operator":"IN","values":["FR","IT"]}`:                      {ids[2]},
		`{"propertyName":"country","operator":"NOT_IN","values":["FR"]}`:                       {ids[0], ids[1]},
		`{"propertyName":"country","operator":"HAS_PROPERTY"}`:                                 {ids[0], ids[2]},
		`{"propertyName":"country","operator":"NOT_HAS_PROPERTY"}`:                             {ids[1]},
		`{"propertyName":"email","operator":"CONTAINS_TOKEN","value":"*@x.example"}`:           {ids[0], ids[2]},
		`{"propertyName":"email","operator":"NOT_CONTAINS_TOKEN","value":"*@x.example"}`:       {ids[1]},
	} {
		_, got := searchIDs(t, call(t, srv, "POST", "/crm/v3/objects/contacts/search", `{"filterGroups":[{"filters":[`+f+`]}]}`))
		if strings.Join(got, ",") != strings.Join(want, ",") {
			t.Errorf("%s: %v, want %v", f, got, want)
		}
	}
}

// §3.3: at most 5 groups, 10 filters per group, 25 in all.
func TestDocumentedSearchFilterLimits(t *testing.T) {
	_, srv, _ := start(t, nil)
	f := `{"propertyName":"name","operator":"HAS_PROPERTY"}`
	group := func(n int) string { return `{"filters":[` + strings.TrimSuffix(strings.Repeat(f+",", n), ",") + `]}` }
	groups := func(sizes ...int) string {
		var gs []string
		for _, n := range sizes {
			gs = append(gs, group(n))
		}
		return `{"filterGroups":[` + strings.Join(gs, ",") + `]}`
	}
	expect(t, call(t, srv, "POST", "/crm/v3/objects/companies/search", groups(10, 10, 5)), 200)
	for _, bad := range []string{groups(1, 1, 1, 1, 1, 1), groups(11), groups(10, 10, 6)} {
		expectError(t, call(t, srv, "POST", "/crm/v3/objects/companies/search", bad), 400, "VALIDATION_ERROR")
	}
}

// §3.3: search pages up to 200 and reaches at most 10,000 results: "total"
// tells the whole count, and after past the window is 400 naming the 10000
// limit. The page that reaches the window still links a next page (HubSpot
// keeps offering paging.next.after; following it is what fails), so a
// client that pages past 10,000 gets an error, never a silent end.
func TestDocumentedSearchResultCap(t *testing.T) {
	e, srv, _ := start(t, func(o *Options) { o.SearchPerSecond = 1000 })
	for k := range 10050 {
		put(t, e, "companies", map[string]string{"name": fmt.Sprintf("Co %d", k)})
	}
	a := call(t, srv, "POST", "/crm/v3/objects/companies/search", `{"limit":200,"after":"9900"}`)
	total, ids := searchIDs(t, a)
	if l := decode[listing](t, a); total != 10050 || len(ids) != 100 || l.Paging == nil || l.Paging.Next.After != "10000" {
		t.Errorf("at the window: total %d, %d results, paging %+v; want a link to after 10000", total, len(ids), l.Paging)
	}
	l := decode[listing](t, call(t, srv, "POST", "/crm/v3/objects/companies/search", `{"limit":200,"after":"9600"}`))
	if l.Paging == nil || l.Paging.Next.After != "9800" {
		t.Errorf("paging before the window: %+v", l.Paging)
	}
	b := expectError(t, call(t, srv, "POST", "/crm/v3/objects/companies/search", `{"limit":100,"after":"10000"}`), 400, "VALIDATION_ERROR")
	if !strings.Contains(b.Message, "10000") {
		t.Errorf("message %q does not name the 10000 limit", b.Message)
	}
}

// §3.3: the modified date is lastmodifieddate on contacts and
// hs_lastmodifieddate on the others (the other name is unknown there); date
// values are epoch milliseconds or ISO-8601; writes stamp it from the clock.
func TestDocumentedSearchModifiedDate(t *testing.T) {
	e, srv, clk := start(t, nil)
	old := put(t, e, "contacts", map[string]string{"email": "old@x.example"})
	clk.Add(time.Hour)
	cut := clk.Now()
	put(t, e, "contacts", map[string]string{"email": "new@x.example"})
	clk.Add(time.Hour)
	if err := e.Update("contacts", old[0], map[string]string{"firstname": "Olga"}); err != nil {
		t.Fatal(err)
	}
	for _, v := range []string{fmt.Sprint(cut.UnixMilli()), cut.Format(time.RFC3339Nano)} {
		body := `{"filterGroups":[{"filters":[{"propertyName":"lastmodifieddate","operator":"GTE","value":"` + v + `"}]}],"sorts":[{"propertyName":"lastmodifieddate","direction":"ASCENDING"}]}`
		total, ids := searchIDs(t, call(t, srv, "POST", "/crm/v3/objects/contacts/search", body))
		if total != 2 || ids[1] != old[0] {
			t.Errorf("value %s: total %d ids %v, want the updated contact last", v, total, ids)
		}
	}
	wrong := `{"filterGroups":[{"filters":[{"propertyName":"hs_lastmodifieddate","operator":"GTE","value":"0"}]}]}`
	b := expectError(t, call(t, srv, "POST", "/crm/v3/objects/contacts/search", wrong), 400, "VALIDATION_ERROR")
	if b.Errors[0].Code != "PROPERTY_DOESNT_EXIST" {
		t.Errorf("hs_lastmodifieddate on contacts: %+v", b)
	}
	wrong = strings.Replace(wrong, "hs_lastmodifieddate", "lastmodifieddate", 1)
	expectError(t, call(t, srv, "POST", "/crm/v3/objects/products/search", wrong), 400, "VALIDATION_ERROR")
}
