package dataverse

import (
	"fmt"
	"strings"
	"testing"
)

// part is one application/http part of a batch request.
func part(method, target, body string, contentID int) string {
	h := "Content-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n"
	if contentID > 0 {
		h += fmt.Sprintf("Content-ID: %d\r\n", contentID)
	}
	req := method + " " + target + " HTTP/1.1\r\n"
	if body != "" {
		req += "Content-Type: application/json; type=entry\r\n"
	}
	return h + "\r\n" + req + "\r\n" + body + "\r\n"
}

// changeSet wraps parts in a change set part.
func changeSet(parts ...string) string {
	s := "Content-Type: multipart/mixed; boundary=changeset_AA\r\n\r\n"
	for _, p := range parts {
		s += "--changeset_AA\r\n" + p
	}
	return s + "--changeset_AA--\r\n"
}

// batch posts items as a multipart $batch.
func (e *env) batch(t *testing.T, items []string, hdr ...string) answer {
	t.Helper()
	body := ""
	for _, it := range items {
		body += "--batch_BB\r\n" + it
	}
	body += "--batch_BB--\r\n"
	return e.call(t, "POST", api+"$batch", body, append([]string{"Content-Type: multipart/mixed; boundary=batch_BB"}, hdr...)...)
}

func TestDocumentedBatchChangeSetWithContentID(t *testing.T) {
	e := start(t, 100, nil)
	a := e.batch(t, []string{
		changeSet(part("POST", e.srv.URL+api+"accounts", `{"name":"Batch Co","accountnumber":"B-1"}`, 1),
			part("POST", e.srv.URL+api+"contacts", `{"lastname":"Doe","parentcustomerid_account@odata.bind":"$1"}`, 2)),
		part("GET", e.srv.URL+api+"accounts?$select=name&$top=1", "", 0),
	})
	expect(t, a, 200, "HTTP/1.1 204 No Content")
	if !strings.HasPrefix(a.header.Get("Content-Type"), "multipart/mixed; boundary=batchresponse_") ||
		!strings.Contains(string(a.body), "--changesetresponse_") || !strings.Contains(string(a.body), "HTTP/1.1 200 OK") {
		t.Fatalf("answer %s %s", a.header.Get("Content-Type"), a.body)
	}
	acc := e.em.FindByAltKey("accounts", "B-1")
	found := false
	for _, c := range decode[page](t, e.call(t, "GET", api+"contacts?$filter=lastname%20eq%20'Doe'", "")).Value {
		found = c["_parentcustomerid_value"] == acc
	}
	if acc == "" || !found {
		t.Error("the $1 reference did not bind the contact to the new account")
	}
}

func TestDocumentedBatchChangeSetIsAtomic(t *testing.T) {
	e := start(t, 100, nil)
	a := e.batch(t, []string{changeSet(part("POST", api+"accounts", `{"name":"Kept?","accountnumber":"B-2"}`, 1),
		part("POST", api+"accounts", `{"nope":1}`, 2))})
	expect(t, a, 400, "HTTP/1.1 400 Bad Request")
	if e.em.FindByAltKey("accounts", "B-2") != "" {
		t.Error("a failed change set kept its first create")
	}
	expect(t, e.batch(t, []string{changeSet(part("GET", api+"accounts", "", 1))}), 400, "GET")
}

func TestDocumentedBatchStopsAtFirstFailure(t *testing.T) {
	e := start(t, 100, nil)
	a := e.batch(t, []string{part("POST", "accounts", `{"name":"one","accountnumber":"B-3"}`, 0),
		part("POST", "accounts", `{"nope":1}`, 0), part("POST", "accounts", `{"name":"three","accountnumber":"B-4"}`, 0)})
	expect(t, a, 400, "HTTP/1.1 400 Bad Request")
	if n := strings.Count(string(a.body), "Content-Type: application/http"); n != 1 || strings.Contains(string(a.body), "204") {
		t.Errorf("want a single error part: %s", a.body)
	}
	if e.em.FindByAltKey("accounts", "B-3") == "" || e.em.FindByAltKey("accounts", "B-4") != "" {
		t.Error("want the first request kept and the third not run")
	}
}

func TestDocumentedBatchContinueOnError(t *testing.T) {
	e := start(t, 100, nil)
	a := e.batch(t, []string{part("POST", "accounts", `{"name":"one","accountnumber":"B-5"}`, 0),
		part("POST", "accounts", `{"nope":1}`, 0), part("POST", "accounts", `{"name":"three","accountnumber":"B-6"}`, 0)},
		"Prefer: odata.continue-on-error")
	expect(t, a, 200, "HTTP/1.1 400 Bad Request")
	if strings.Count(string(a.body), "HTTP/1.1 204 No Content") != 2 || e.em.FindByAltKey("accounts", "B-6") == "" {
		t.Errorf("want every part answered: %s", a.body)
	}
}

func TestDocumentedBatchLimit(t *testing.T) {
	e := start(t, 0, nil)
	items := make([]string, 1001)
	for i := range items {
		items[i] = part("GET", "systemusers?$top=1", "", 0)
	}
	expect(t, e.batch(t, items), 400, "1000")
	expect(t, e.batch(t, items[:1000]), 200, "")
	expect(t, e.call(t, "POST", api+"$batch", "{}", "Content-Type: application/json"), 415, "multipart/mixed")
}
