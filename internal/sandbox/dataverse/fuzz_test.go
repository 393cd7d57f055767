package dataverse

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stewardhq/steward/internal/sandbox/catalog"
)

// FuzzQuery parses arbitrary query strings on accounts and runs what parses
// against seeded rows: a 400 or rows, never a panic.
func FuzzQuery(f *testing.F) {
	for _, s := range []string{"$filter=name%20eq%20'x'", "$filter=versionnumber%20gt%201e3%20or%20(name%20ne%20null)",
		"$select=name,accountnumber&$orderby=name%20desc", "$filter=modifiedon%20ge%202026-01-01T00:00:00Z",
		"$filter=_ownerid_value%20eq%20" + RepID(1), "$top=3&$count=true", "$filter=((", "$filter=name%20eq%20'a''b'"} {
		f.Add(s)
	}
	e := New(Options{Catalog: catalog.New(10, 1)})
	es := sets["accounts"]
	f.Fuzz(func(t *testing.T, raw string) {
		q, err := parseQuery(es, raw)
		if err != nil {
			if err.status != http.StatusBadRequest {
				t.Fatalf("%q: status %d", raw, err.status)
			}
			return
		}
		rows, _ := e.matching(es, q)
		_ = entities(es, rows, q.sel)
	})
}

// FuzzBatch posts arbitrary multipart bodies to $batch: an answer, never a
// panic.
func FuzzBatch(f *testing.F) {
	f.Add("--b\r\n" + part("GET", api+"accounts?$top=1", "", 0) + "--b--\r\n")
	f.Add("--b\r\n" + changeSet(part("POST", api+"accounts", `{"name":"x"}`, 1),
		part("PATCH", "$1", `{"name":"y"}`, 2)) + "--b--\r\n")
	f.Add("--b\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\nGET\r\n--b--")
	e := New(Options{Catalog: catalog.New(5, 1)})
	f.Fuzz(func(t *testing.T, body string) {
		r := httptest.NewRequest("POST", api+"$batch", strings.NewReader(body))
		r.Header.Set("Content-Type", "multipart/mixed; boundary=b")
		w := httptest.NewRecorder()
		e.wmu.Lock()
		defer e.wmu.Unlock()
		e.serveBatch(w, r)
		if w.Code != 200 && w.Code != 400 && w.Code != 415 {
			t.Fatalf("status %d: %s", w.Code, w.Body)
		}
	})
}

// FuzzKeyedWrite sends arbitrary keys and bodies as upserts: an answer,
// never a panic, and never a 5xx.
func FuzzKeyedWrite(f *testing.F) {
	f.Add("accountnumber='A-1'", `{"name":"x","ownerid@odata.bind":"/systemusers(`+RepID(1)+`)"}`)
	f.Add(AccountID(0), `{"accountid":"`+AccountID(0)+`","telephone1":null}`)
	f.Add("accountnumber='O''Neil'", `{"versionnumber":3}`)
	e := New(Options{Catalog: catalog.New(5, 1)})
	f.Fuzz(func(t *testing.T, key, body string) {
		r := httptest.NewRequest("PATCH", "/", strings.NewReader(body))
		r.Header.Set("Content-Type", "application/json")
		w := httptest.NewRecorder()
		e.serveKeyed(w, r, sets["accounts"], key)
		if w.Code >= 500 {
			t.Fatalf("status %d: %s", w.Code, w.Body)
		}
	})
}
