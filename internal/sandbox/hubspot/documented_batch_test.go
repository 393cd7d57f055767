package hubspot

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"
)

// batchAnswer is a decoded batch response.
type batchAnswer struct {
	Status  string `json:"status"`
	Results []struct {
		ID         string             `json:"id"`
		Properties map[string]*string `json:"properties"`
		UpdatedAt  string             `json:"updatedAt"`
		New        *bool              `json:"new"`
	} `json:"results"`
	NumErrors int `json:"numErrors"`
	Errors    []struct {
		Status   string              `json:"status"`
		Category string              `json:"category"`
		Message  string              `json:"message"`
		Context  map[string][]string `json:"context"`
		Errors   []struct {
			Code    string              `json:"code"`
			Context map[string][]string `json:"context"`
		} `json:"errors"`
	} `json:"errors"`
	StartedAt   string `json:"startedAt"`
	CompletedAt string `json:"completedAt"`
}

// §3.4: the documented upsert body by hs_sku creates then updates; results
// carry "new"; all good is 200 COMPLETE; unchanged values do not move the
// modified date, changed ones stamp it from the clock.
func TestDocumentedBatchUpsert(t *testing.T) {
	e, srv, clk := start(t, nil)
	body := `{"inputs":[{"idProperty":"hs_sku","id":"SKU-1","properties":{"name":"Chair","price":"12.50"},"objectWriteTraceId":"t-1"}]}`
	a := call(t, srv, "POST", "/crm/v3/objects/products/batch/upsert", body)
	expect(t, a, 200)
	b := decode[batchAnswer](t, a)
	if b.Status != "COMPLETE" || len(b.Results) != 1 || b.Results[0].New == nil || !*b.Results[0].New ||
		*b.Results[0].Properties["hs_sku"] != "SKU-1" || b.StartedAt == "" || b.CompletedAt == "" {
		t.Fatalf("first upsert %s", a.body)
	}
	id := b.Results[0].ID
	clk.Add(time.Minute)
	b = decode[batchAnswer](t, call(t, srv, "POST", "/crm/v3/objects/products/batch/upsert", body))
	if r, _ := e.Get("products", id); *b.Results[0].New || b.Results[0].ID != id || !r.Updated.Equal(fixedNow.Truncate(time.Millisecond)) {
		t.Errorf("unchanged upsert: new %v id %s updated %v", *b.Results[0].New, b.Results[0].ID, r.Updated)
	}
	expect(t, call(t, srv, "POST", "/crm/v3/objects/products/batch/upsert", strings.Replace(body, "12.50", "13.00", 1)), 200)
	if r, _ := e.Get("products", id); r.Properties["price"] != "13.00" || r.Properties["hs_lastmodifieddate"] != "2026-02-01T10:31:00.123Z" {
		t.Errorf("after a changed upsert: %v", r.Properties)
	}
	for _, bad := range []string{
		`{"inputs":[{"idProperty":"name","id":"Chair","properties":{}}]}`,
		`{"inputs":[{"id":"SKU-1","properties":{}}]}`,
		`{"inputs":[{"idProperty":"hs_sku","id":"SKU-1","properties":{}},{"idProperty":"hs_sku","id":"SKU-1","properties":{}}]}`,
	} {
		expectError(t, call(t, srv, "POST", "/crm/v3/objects/products/batch/upsert", bad), 400, "VALIDATION_ERROR")
	}
}

// §3.4: with some inputs failing the answer is 207 with the good results,
// numErrors and StandardErrors: an unknown property is VALIDATION_ERROR /
// PROPERTY_DOESNT_EXIST with the property in the context, the input's id
// and objectWriteTraceId echoed.
func TestDocumentedBatchMultiStatus(t *testing.T) {
	e, srv, _ := start(t, nil)
	body := `{"inputs":[{"idProperty":"email","id":"a@x.example","properties":{"firstname":"Anna"}},
		{"idProperty":"email","id":"b@x.example","properties":{"favourite_colour":"red"},"objectWriteTraceId":"trace-2"},
		{"idProperty":"email","id":"c@x.example","properties":{"hubspot_owner_id":"42"}},
		{"idProperty":"email","id":"d@x.example","properties":{"steward_score":"high","lastmodifieddate":"1"}}]}`
	a := call(t, srv, "POST", "/crm/v3/objects/contacts/batch/upsert", body)
	expect(t, a, 207)
	b := decode[batchAnswer](t, a)
	if len(b.Results) != 1 || b.NumErrors != 3 || len(b.Errors) != 3 {
		t.Fatalf("207 body %s", a.body)
	}
	u := b.Errors[0]
	if u.Status != "error" || u.Category != "VALIDATION_ERROR" || u.Errors[0].Code != "PROPERTY_DOESNT_EXIST" ||
		strings.Join(u.Errors[0].Context["propertyName"], ",") != "favourite_colour" ||
		strings.Join(u.Context["ids"], ",") != "b@x.example" || strings.Join(u.Context["objectWriteTraceId"], ",") != "trace-2" {
		t.Errorf("unknown property error %+v", u)
	}
	if b.Errors[1].Errors[0].Code != "INVALID_OPTION" || len(b.Errors[2].Errors) != 2 {
		t.Errorf("owner and type errors %+v", b.Errors[1:])
	}
	if _, ok := e.Find("contacts", "email", "b@x.example"); ok || e.Count("contacts") != 1 {
		t.Errorf("a failed input was written (%d contacts)", e.Count("contacts"))
	}
}

// §3.4: at most 100 inputs; malformed bodies, non-string values and a wrong
// content type are refused as a whole.
func TestDocumentedBatchRefusals(t *testing.T) {
	_, srv, _ := start(t, nil)
	inputs := make([]string, 101)
	for k := range inputs {
		inputs[k] = fmt.Sprintf(`{"properties":{"name":"P%d"}}`, k)
	}
	path := "/crm/v3/objects/products/batch/create"
	b := expectError(t, call(t, srv, "POST", path, `{"inputs":[`+strings.Join(inputs, ",")+`]}`), 400, "VALIDATION_ERROR")
	if !strings.Contains(b.Message, "100") {
		t.Errorf("message %q does not name the limit", b.Message)
	}
	// A batch create that wrote every input answers 201 (HubSpot's public
	// OpenAPI spec: batch/create 201 and 207; update, upsert, read 200 and 207).
	expect(t, call(t, srv, "POST", path, `{"inputs":[`+strings.Join(inputs[:100], ",")+`]}`), 201)
	for _, bad := range []string{`{"inputs":[{"properties":{"price":12.5}}]}`, `{"inputs":[`, `{}`, `{"inputs":[{"id":"1","properties":{}}]}`,
		`{"inputs":[{"properties":{}}],"extra":1}`} {
		expectError(t, call(t, srv, "POST", path, bad), 400, "VALIDATION_ERROR")
	}
	a := send(t, srv, "POST", path, `{"inputs":[]}`, func(r *http.Request) {
		r.Header.Set("Authorization", "Bearer "+token)
		r.Header.Set("Content-Type", "text/plain")
	})
	expectError(t, a, 415, "VALIDATION_ERROR")
	expectError(t, call(t, srv, "POST", "/crm/v3/objects/products/batch/merge", `{"inputs":[]}`), 404, "OBJECT_NOT_FOUND")
}

// §3.4: batch create, update, read and archive.
func TestDocumentedBatchCreateUpdateReadArchive(t *testing.T) {
	e, srv, _ := start(t, nil)
	// Partial success (207) is opt-in for batch create: every input carries
	// an objectWriteTraceId (developers.hubspot.com "Error handling",
	// multi-status errors). Without it one bad input refuses the whole batch.
	twins := `{"inputs":[{"properties":{"name":"A","steward_external_id":"C-1"}},{"properties":{"name":"B","steward_external_id":"C-1"}}]}`
	expectError(t, call(t, srv, "POST", "/crm/v3/objects/companies/batch/create", twins), 409, "CONFLICT")
	bad := `{"inputs":[{"properties":{"name":"A"}},{"properties":{"name":"B","colour":"red"}}]}`
	expectError(t, call(t, srv, "POST", "/crm/v3/objects/companies/batch/create", bad), 400, "VALIDATION_ERROR")
	if n := e.Count("companies"); n != 0 {
		t.Fatalf("a refused batch create wrote %d companies", n)
	}
	traced := strings.ReplaceAll(twins, `"}}`, `"},"objectWriteTraceId":"t"}`)
	traced = strings.Replace(strings.Replace(traced, `"t"`, `"t-1"`, 1), `"t"`, `"t-2"`, 1)
	a := call(t, srv, "POST", "/crm/v3/objects/companies/batch/create", traced)
	expect(t, a, 207, `"category":"CONFLICT"`, `"objectWriteTraceId":["t-2"]`)
	id := decode[batchAnswer](t, a).Results[0].ID
	a = call(t, srv, "POST", "/crm/v3/objects/companies/batch/update",
		`{"inputs":[{"id":"`+id+`","properties":{"city":"Lyon"}},{"id":"C-1","idProperty":"steward_external_id","properties":{"zip":"69001"}},{"id":"999","properties":{"city":"X"}}]}`)
	expect(t, a, 207, `"category":"OBJECT_NOT_FOUND"`, `"ids":["999"]`)
	if r, _ := e.Get("companies", id); r.Properties["city"] != "Lyon" || r.Properties["zip"] != "69001" {
		t.Errorf("after update %v", r.Properties)
	}
	a = call(t, srv, "POST", "/crm/v3/objects/companies/batch/read", `{"inputs":[{"id":"C-1"}],"idProperty":"steward_external_id","properties":["city"]}`)
	expect(t, a, 200, `"city":"Lyon"`, `"id":"`+id+`"`)
	expect(t, call(t, srv, "POST", "/crm/v3/objects/companies/batch/archive", `{"inputs":[{"id":"`+id+`"},{"id":"12345"}]}`), 204)
	expect(t, call(t, srv, "POST", "/crm/v3/objects/companies/batch/read", `{"inputs":[{"id":"`+id+`"}]}`), 207, `"OBJECT_NOT_FOUND"`)
	expect(t, call(t, srv, "POST", "/crm/v3/objects/companies/batch/read?archived=true", `{"inputs":[{"id":"`+id+`"}]}`), 200, `"archived":true`)
	if _, ok := e.Find("companies", "steward_external_id", "C-1"); ok {
		t.Error("an archived company is still found by its external id")
	}
}

// §3.7: products carry name, hs_sku, price, description,
// hs_cost_of_goods_sold, hs_lastmodifieddate, createdate, hs_object_id; the
// properties endpoint tells which have unique values.
func TestDocumentedProductProperties(t *testing.T) {
	_, srv, _ := start(t, nil)
	a := call(t, srv, "GET", "/crm/v3/properties/products", "")
	for _, p := range []string{"name", "hs_sku", "price", "description", "hs_cost_of_goods_sold", "hs_lastmodifieddate", "createdate", "hs_object_id"} {
		expect(t, a, 200, `"name":"`+p+`"`)
	}
	expect(t, a, 200, `"name":"hs_sku","label":"SKU","type":"string","fieldType":"text","groupName":"productinformation","hasUniqueValue":true`)
	expect(t, call(t, srv, "GET", "/crm/v3/properties/contacts", ""), 200, `"name":"lastmodifieddate"`, `"name":"steward_score"`)
}

// §3.1: the single-object endpoints: POST creates (201), PATCH updates by
// id or idProperty, DELETE archives (204); invalid properties are 400, a
// taken unique value 409, a missing object 404.
func TestSingleObjectWrites(t *testing.T) {
	e, srv, _ := start(t, nil)
	a := call(t, srv, "POST", "/crm/v3/objects/products", `{"properties":{"hs_sku":"S/1","name":"Lamp"}}`)
	expect(t, a, 201, `"hs_sku":"S/1"`)
	id := decode[map[string]any](t, a)["id"].(string)
	expectError(t, call(t, srv, "POST", "/crm/v3/objects/products", `{"properties":{"hs_sku":"S/1"}}`), 409, "CONFLICT")
	b := expectError(t, call(t, srv, "POST", "/crm/v3/objects/products", `{"properties":{"colour":"red"}}`), 400, "VALIDATION_ERROR")
	if b.Errors[0].Code != "PROPERTY_DOESNT_EXIST" {
		t.Errorf("unknown property %+v", b)
	}
	expect(t, call(t, srv, "PATCH", "/crm/v3/objects/products/S%2F1?idProperty=hs_sku", `{"properties":{"price":"5"}}`), 200, `"price":"5"`)
	expect(t, call(t, srv, "PATCH", "/crm/v3/objects/products/"+id, `{"properties":{"name":"Lamp 2"}}`), 200, `"name":"Lamp 2"`)
	expectError(t, call(t, srv, "PATCH", "/crm/v3/objects/products/777", `{"properties":{"name":"x"}}`), 404, "OBJECT_NOT_FOUND")
	expect(t, call(t, srv, "DELETE", "/crm/v3/objects/products/"+id, ""), 204)
	if r, _ := e.Get("products", id); !r.Archived || r.Properties["price"] != "5" {
		t.Errorf("after delete %+v", r)
	}
	expectError(t, call(t, srv, "PUT", "/crm/v3/objects/products/"+id, `{}`), 405, "VALIDATION_ERROR")
}
