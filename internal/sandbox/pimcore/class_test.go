package pimcore

import (
	"strings"
	"testing"
	"time"

	"github.com/stewardhq/steward/internal/sandbox/catalog"
)

// The schema comes from the class definition: a field added to the class
// value is queryable, filterable and writable with its data type; the
// built-in class does not have it.
func TestSchemaIsGeneratedFromClass(t *testing.T) {
	cat := catalog.New(3, 7)
	class := ProductClass()
	class.Fields = append(class.Fields,
		Field{Name: "material", Type: Input},
		Field{Name: "active", Type: Checkbox},
		Field{Name: "launch", Type: Date},
		Field{Name: "photo", Type: Image})
	class.Fields[2].Children = append(class.Fields[2].Children, Field{Name: "claim", Type: Input})
	srv, err := NewWithClass(cat, testKey, class)
	if err != nil {
		t.Fatal(err)
	}
	q := `{ getProduct(id: 1) { material active launch photo { fullpath } claim(language: "de") } }`
	r := newFixture(t, 3).gql(t, q, nil)
	if msg, _ := r.errorMessage(); !strings.Contains(msg, `Cannot query field "material"`) {
		t.Fatalf("built-in class answers %q", msg)
	}
	srv.SetClock(func() time.Time { return testNow })
	f := serve(t, srv)
	var res result
	f.ok(t, `mutation { updateProduct(id: 1, defaultLanguage: "de", input: {material: "wool", active: true, launch: "2026-05-01", claim: "Warm"}) {
	  success message output { material active launch claim(language: "de") photo { fullpath } } } }`, nil, "updateProduct", &res)
	o := res.Output
	if !res.Success || o["material"] != "wool" || o["active"] != true || o["launch"] != "2026-05-01" || o["claim"] != "Warm" || o["photo"] != nil {
		t.Fatalf("result %+v", res)
	}
	p := f.list(t, map[string]any{"filter": `{"material":{"$like":"WO%"},"active":true}`})
	if p.TotalCount != 1 || p.ids()[0] != "1" {
		t.Fatalf("filter on the new fields: %v", p.ids())
	}
	r = f.gql(t, `mutation { updateProduct(id: 1, input: {photo: "x"}) { success } }`, nil)
	if len(r.Errors) == 0 {
		t.Error("an image field is not writable, yet the input type has it")
	}
}

// serve puts srv on a new test server.
func serve(t *testing.T, srv *Server) *fixture {
	t.Helper()
	return &fixture{cat: srv.cat, srv: srv, url: httpServer(t, srv) + EndpointPrefix + Configuration}
}

// A class that cannot become a schema is an error naming the class.
func TestClassThatDoesNotBuild(t *testing.T) {
	class := ProductClass()
	class.Name = "Bad Name"
	if _, err := NewWithClass(catalog.New(1, 1), testKey, class); err == nil || !strings.Contains(err.Error(), "Bad Name") {
		t.Fatalf("err %v", err)
	}
}
