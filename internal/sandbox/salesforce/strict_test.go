package salesforce

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestWritesRejectWrongBodies(t *testing.T) {
	f := start(t, 0)
	path := v + "/composite/sobjects/Product2/External_ID__c"
	plain := func(r *http.Request) { r.Header.Set("Content-Type", "text/plain") }
	if a := f.call(t, "PATCH", path, products(1, ""), plain); a.status != 415 || errorCode(t, a) != "UNSUPPORTED_MEDIA_TYPE" {
		t.Errorf("text/plain: %d %s", a.status, a.body)
	}
	for body, code := range map[string]string{
		`{"records":[`: "JSON_PARSER_ERROR",
		`{"allOrNone":false,"records":[],"extra":1}`: "JSON_PARSER_ERROR",
		`{"records":[]}`: "MISSING_ARGUMENT",
		`{"records":[{"External_ID__c":"A","Name":"a"}]}`:                                        "INVALID_TYPE",
		`{"records":[{"attributes":{"type":"Account"},"External_ID__c":"A","Name":"a"}]}`:        "INVALID_TYPE",
		`{"records":[{"attributes":{"type":"Product2"},"External_ID__c":"A","Name":{}}]}`:        "JSON_PARSER_ERROR",
		`{"records":[{"attributes":{"type":"Product2"},"External_ID__c":"A","IsActive":"yes"}]}`: "JSON_PARSER_ERROR",
	} {
		if a := f.call(t, "PATCH", path, body); a.status != 400 || errorCode(t, a) != code {
			t.Errorf("%s: %d %s, want %s", body, a.status, a.body, code)
		}
	}
	if len(f.e.IDs("Product2")) != 0 {
		t.Error("a rejected call wrote records")
	}
}

func TestRowEndpoints(t *testing.T) {
	f := start(t, 0)
	a := f.call(t, "POST", v+"/sobjects/Account", `{"Name":"Acme","OwnerId":"`+RepID(2)[:15]+`"}`)
	expect(t, a, 201, "")
	id := decode[saveResult](t, a).ID
	if rec, _ := f.e.Record("Account", id); rec["OwnerId"] != RepID(2) {
		t.Errorf("a 15-character reference is stored as 18: %v", rec["OwnerId"])
	}
	expect(t, f.call(t, "PATCH", v+"/sobjects/Account/"+id, `{"Phone":"+1"}`), 204, "")
	got := f.call(t, "GET", v+"/sobjects/Account/"+id[:15], "")
	if got.status != 200 || !strings.Contains(string(got.body), `"Phone":"+1"`) {
		t.Errorf("read back %d %s", got.status, got.body)
	}
	for body, code := range map[string]string{`{"SystemModstamp":"2026-01-01T00:00:00Z"}`: "INVALID_FIELD_FOR_INSERT_UPDATE",
		`{"Colour__c":"x"}`: "INVALID_FIELD", `{"OwnerId":"` + makeID("005", 99) + `"}`: "INVALID_CROSS_REFERENCE_KEY",
		`{"OwnerId":"005xyz"}`: "MALFORMED_ID", `{"Name":null}`: "REQUIRED_FIELD_MISSING"} {
		if a := f.call(t, "PATCH", v+"/sobjects/Account/"+id, body); a.status != 400 || errorCode(t, a) != code {
			t.Errorf("%s: %d %s, want %s", body, a.status, a.body, code)
		}
	}
	expect(t, f.call(t, "DELETE", v+"/sobjects/Account/"+id, ""), 204, "")
	if a := f.call(t, "GET", v+"/sobjects/Account/"+id, ""); a.status != 404 {
		t.Errorf("deleted record: %d", a.status)
	}
	if a := f.call(t, "PATCH", v+"/sobjects/Account/"+makeID("001", 99), `{"Phone":"1"}`); a.status != 404 {
		t.Errorf("unknown id: %d %s", a.status, a.body)
	}
}

func TestUpdateCollectionAndPriceBook(t *testing.T) {
	f := start(t, 0)
	pid, _ := f.e.Put("Product2", map[string]any{"Name": "p"})
	entry := `{"attributes":{"type":"PricebookEntry"},"Product2Id":"` + pid + `","Pricebook2Id":"` + StandardPricebookID() + `","UnitPrice":12.5}`
	res := decode[[]saveResult](t, f.call(t, "POST", v+"/composite/sobjects", `{"records":[`+entry+`,`+entry+`]}`))
	if !res[0].Success || res[1].Errors[0].StatusCode != "DUPLICATE_VALUE" {
		t.Fatalf("price book entries %+v", res)
	}
	body := `{"records":[{"attributes":{"type":"PricebookEntry"},"Id":"` + res[0].ID + `","UnitPrice":"13.00"},` +
		`{"attributes":{"type":"PricebookEntry"},"Id":"` + res[0].ID + `","Product2Id":"` + pid + `"},` +
		`{"attributes":{"type":"PricebookEntry"},"Id":"bad"}]}`
	res = decode[[]saveResult](t, f.call(t, "PATCH", v+"/composite/sobjects", body))
	if !res[0].Success || res[1].Errors[0].StatusCode != "INVALID_FIELD_FOR_INSERT_UPDATE" || res[2].Errors[0].StatusCode != "MALFORMED_ID" {
		t.Errorf("updates %+v", res)
	}
	if rec, _ := f.e.Record("PricebookEntry", res[0].ID); rec["UnitPrice"].(interface{ String() string }).String() != "13.00" {
		t.Errorf("price %v", rec["UnitPrice"])
	}
}

func TestFaultShape(t *testing.T) {
	f := start(t, 0)
	w := httptest.NewRecorder()
	f.e.FaultShape().TooManyRequests(w, "3")
	if w.Code != 429 || w.Header().Get("Retry-After") != "3" || !strings.HasPrefix(w.Header().Get("Sforce-Limit-Info"), "api-usage=") ||
		!strings.Contains(w.Body.String(), `"errorCode":"TOO_MANY_REQUESTS"`) {
		t.Errorf("429: %d %v %s", w.Code, w.Header(), w.Body)
	}
	w = httptest.NewRecorder()
	f.e.FaultShape().ServerError(w, 503)
	if w.Code != 503 || !strings.Contains(w.Body.String(), `"errorCode":"SERVER_UNAVAILABLE"`) {
		t.Errorf("503: %d %s", w.Code, w.Body)
	}
}
