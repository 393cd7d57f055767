package salsify

import (
	"encoding/json"
	"regexp"
	"testing"
)

// The examples of PROTOCOLS.md §9, one test each.

func TestDocumentedListShape(t *testing.T) {
	_, srv := start(t, 250)
	a := call(t, srv, "GET", base+"/products?per_page=100&page=1", "")
	expect(t, a, 200, "")
	l := decode[listing](t, a)
	meta, _ := json.Marshal(l.Meta)
	if string(meta) != `{"current_page":1,"cursor":null,"per_page":100,"total_entries":250}` {
		t.Errorf("meta %s", meta)
	}
	if len(l.Data) != 100 {
		t.Errorf("%d products on page 1, want 100", len(l.Data))
	}
	last := decode[listing](t, call(t, srv, "GET", base+"/products?per_page=100&page=3", ""))
	if len(last.Data) != 50 || string(last.Meta["current_page"]) != "3" {
		t.Errorf("page 3: %d products, meta %v", len(last.Data), last.Meta)
	}
}

func TestDocumentedEmptyListHasNoCurrentPage(t *testing.T) {
	_, srv := start(t, 20)
	a := call(t, srv, "GET", base+"/products?filter="+escape("='salsify:updated_at':gt('2030-01-01T00:00:00Z')"), "")
	expect(t, a, 200, `{"data":[],"meta":{"per_page":100,"cursor":null,"total_entries":0}}`)
}

func TestDocumentedResultWindow(t *testing.T) {
	_, srv := start(t, 20)
	expect(t, call(t, srv, "GET", base+"/products?per_page=25&page=401", ""), 422,
		`{"errors":["result_window limit of 10025 exceeded 10000"]}`)
	expect(t, call(t, srv, "GET", base+"/products?per_page=25&page=400", ""), 200, "")
	expect(t, call(t, srv, "GET", base+"/products?page=101", ""), 422,
		`{"errors":["result_window limit of 10100 exceeded 10000"]}`)
}

func TestDocumentedInvalidFilter(t *testing.T) {
	_, srv := start(t, 20)
	expect(t, call(t, srv, "GET", base+"/products?filter="+escape("='Price':gt('10')"), ""), 422,
		`{"errors":["Filter is invalid"]}`)
}

func TestDocumentedProductDocument(t *testing.T) {
	s, srv := start(t, 20)
	a := call(t, srv, "GET", base+"/products/SKU-0000003", "")
	expect(t, a, 200, "")
	doc := decode[map[string]any](t, a)
	p := s.cat.PIM(2)
	want := map[string]any{"salsify:id": p.SKU, "Product ID": p.SKU, "Product Name": p.Name, "Family": p.Family,
		"Color": p.Color, "Weight": json.Number(p.Weight), "Weight Unit": p.WeightUnit, "EAN": p.EAN,
		"Price": json.Number(p.Price), "salsify:version": json.Number("1"), "salsify:parent_id": nil,
		"salsify:profile_asset_id": nil, "salsify:system_id": "s-" + p.UUID,
		"salsify:updated_at": s.cat.Updated(2).Format("2006-01-02T15:04:05") + ".000Z"}
	for k, v := range want {
		if doc[k] != v {
			t.Errorf("%s = %#v, want %#v", k, doc[k], v)
		}
	}
	stamp := regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$`)
	for _, k := range []string{"salsify:created_at", "salsify:updated_at"} {
		if s, _ := doc[k].(string); !stamp.MatchString(s) {
			t.Errorf("%s = %v, want RFC 3339 with milliseconds", k, doc[k])
		}
	}
	if _, ok := doc["salsify:destroyed_at"]; ok {
		t.Error("a live product has salsify:destroyed_at")
	}
}

func TestDocumentedUpsert(t *testing.T) {
	s, srv := start(t, 20)
	body := `[{"Product ID":"SKU-0000001","Product Name":"Updating Existing Product","Description":"Add edited description here."},
		{"Product ID":"456","Product Name":"Creates New Product","Brand":null,"Description":"These colorful Traveller headphones."}]`
	a := call(t, srv, "PUT", base+"/products/_upsert", body)
	expect(t, a, 200, "")
	docs := decode[[]map[string]any](t, a)
	if len(docs) != 2 {
		t.Fatalf("%d documents, want 2: %s", len(docs), a.body)
	}
	if docs[0]["salsify:id"] != "SKU-0000001" || docs[0]["Product Name"] != "Updating Existing Product" ||
		docs[0]["salsify:version"] != json.Number("2") || docs[0]["salsify:updated_at"] != "2026-02-01T10:30:00.123Z" ||
		docs[0]["EAN"] != s.cat.EAN(0) {
		t.Errorf("updated document %v", docs[0])
	}
	if _, brand := docs[1]["Brand"]; docs[1]["salsify:id"] != "456" || docs[1]["salsify:version"] != json.Number("0") || brand ||
		docs[1]["salsify:created_at"] != "2026-02-01T10:30:00.123Z" {
		t.Errorf("created document %v", docs[1])
	}
	if s.Count() != 21 {
		t.Errorf("count %d after creating one, want 21", s.Count())
	}
	expect(t, call(t, srv, "GET", base+"/products/456", ""), 200, "")
}

func TestDocumentedUpsertPerItemErrors(t *testing.T) {
	s, srv := start(t, 20)
	body := `[{"Product ID":"SKU-0000001","Product Name":"Good"},{"Product ID":"SKU-0000002","Price":"12.50"},{"Product Name":"no id"}]`
	expect(t, call(t, srv, "PUT", base+"/products/_upsert", body), 422,
		`{"errors":[[],["Property Price is a number property and cannot take the value \"12.50\""],["Missing required property Product ID"]]}`)
	if v, _ := s.Value("SKU-0000001", "Product Name"); v != s.cat.PIM(0).Name {
		t.Errorf("the good item of a refused batch was written: %v", v)
	}
	if len(s.Writes()) != 0 {
		t.Errorf("writes %v after a refused batch", s.Writes())
	}
}

func TestDocumentedBulkUpdateMissingProduct(t *testing.T) {
	_, srv := start(t, 20)
	body := `[{"Product ID":"123","Product Name":"My Test Product's Name","Brand":null},{"Product ID":"SKU-0000001","Product Name":"Another Test Product"}]`
	expect(t, call(t, srv, "PUT", base+"/products", body), 422, `{"errors":[["Product '123' does not exist."],[]]}`)
	body = `[{"Product ID":"SKU-0000001","Product Name":"Another Test Product","Tags":["headphones","noise cancelling"]}]`
	expect(t, call(t, srv, "PUT", base+"/products", body), 204, "")
	doc := decode[map[string]any](t, call(t, srv, "GET", base+"/products/SKU-0000001", ""))
	if tags, _ := doc["Tags"].([]any); len(tags) != 2 || doc["Product Name"] != "Another Test Product" {
		t.Errorf("after bulk update: %v", doc)
	}
}

func TestDocumentedBulkCreate(t *testing.T) {
	_, srv := start(t, 20)
	body := `[{"Product ID":"123","Product Name":"Product 123"},{"Product ID":"456","Material":"plastic","Tags":["headphones","noise cancelling"]}]`
	a := call(t, srv, "POST", base+"/products", body)
	expect(t, a, 201, "")
	if docs := decode[[]map[string]any](t, a); len(docs) != 2 || docs[1]["salsify:id"] != "456" || docs[1]["salsify:version"] != json.Number("0") {
		t.Errorf("created %s", a.body)
	}
	expect(t, call(t, srv, "POST", base+"/products", `[{"Product ID":"123"}]`), 422,
		`{"errors":[["A product already exists with the same id."]]}`)
}

func TestDocumentedSingleUpdate(t *testing.T) {
	s, srv := start(t, 20)
	expect(t, call(t, srv, "PUT", base+"/products/SKU-0000004", `{"Product Name":"My Test Product's Name","Brand":"Miscellus"}`), 204, "")
	if v, _ := s.Value("SKU-0000004", "Brand"); v != "Miscellus" {
		t.Errorf("Brand = %v", v)
	}
	expect(t, call(t, srv, "PUT", base+"/products/nope", `{"Brand":"x"}`), 404, `{"errors":["Product 'nope' does not exist."]}`)
	if w := s.Writes(); w["SKU-0000004"] != 1 || len(w) != 1 {
		t.Errorf("writes %v", w)
	}
}

func TestDocumentedDestroyedAt(t *testing.T) {
	s, srv := start(t, 20)
	expect(t, call(t, srv, "DELETE", base+"/products/SKU-0000005", ""), 204, "")
	expect(t, call(t, srv, "GET", base+"/products/SKU-0000005", ""), 404, "")
	l := decode[listing](t, call(t, srv, "GET", base+"/products?filter="+escape("='salsify:updated_at':gte('2026-02-01T10:30:00.123Z')"), ""))
	if len(l.Data) != 1 || l.Data[0]["salsify:id"] != "SKU-0000005" ||
		l.Data[0]["salsify:destroyed_at"] != "2026-02-01T10:30:00.123Z" || l.Data[0]["salsify:updated_at"] != "2026-02-01T10:30:00.123Z" {
		t.Errorf("incremental read after a delete: %+v", l.Data)
	}
	if s.Delete("SKU-0000005") {
		t.Error("a destroyed product was destroyed again")
	}
	expect(t, call(t, srv, "DELETE", base+"/products/SKU-0000005", ""), 404, "")
}
