package dataverse

import (
	"strings"
	"testing"
)

func TestDocumentedCreate(t *testing.T) {
	e := start(t, 0, nil)
	a := e.call(t, "POST", api+"accounts", `{"name":"Contoso","accountnumber":"C-9"}`)
	expect(t, a, 204, "")
	id := e.em.FindByAltKey("accounts", "C-9")
	if id == "" || a.header.Get("OData-EntityId") != e.srv.URL+api+"accounts("+id+")" {
		t.Fatalf("OData-EntityId %q, row %q", a.header.Get("OData-EntityId"), id)
	}
	r := e.call(t, "POST", api+"accounts", `{"name":"Fabrikam"}`, "Prefer: return=representation")
	expect(t, r, 201, `"name":"Fabrikam"`)
	if r.header.Get("Preference-Applied") != "return=representation" || !strings.HasPrefix(r.header.Get("ETag"), `W/"`) {
		t.Errorf("headers %v", r.header)
	}
}

func TestDocumentedUpdate(t *testing.T) {
	e := start(t, 100, nil)
	expect(t, e.call(t, "PATCH", api+"accounts("+AccountID(0)+")", `{"telephone1":"+1 555"}`), 204, "")
	if got := e.em.Get("accounts", AccountID(0)); got["telephone1"] != "+1 555" || got["name"] != e.em.opts.Catalog.Account(0).Name {
		t.Errorf("row after PATCH %v", got)
	}
	expect(t, e.call(t, "PATCH", api+"accounts("+AccountID(0)+")", `{"name":"N"}`, "Prefer: return=representation"), 200, `"name":"N"`)
}

func TestDocumentedUpsertByAlternateKey(t *testing.T) {
	e := start(t, 100, nil)
	expect(t, e.call(t, "PATCH", api+"accounts(accountnumber='ABC123')", `{"name":"New"}`), 204, "")
	if e.em.FindByAltKey("accounts", "ABC123") == "" {
		t.Fatal("the upsert created no row")
	}
	expect(t, e.call(t, "PATCH", api+"accounts(accountnumber='C-000001')", `{"name":"Upd"}`), 204, "")
	if e.em.Get("accounts", AccountID(0))["name"] != "Upd" {
		t.Error("the upsert did not update C-000001")
	}
	expect(t, e.call(t, "PATCH", api+"products(productnumber='O''Brien-1')", `{"name":"Quote"}`), 204, "")
	if e.em.FindByAltKey("products", "O'Brien-1") == "" {
		t.Error("a doubled quote in the key was not read as one quote")
	}
	expect(t, e.call(t, "PATCH", api+"accounts(name='x')", `{"name":"x"}`), 400, "alternate key")
}

func TestDocumentedUpsertPreventions(t *testing.T) {
	e := start(t, 100, nil)
	expect(t, e.call(t, "PATCH", api+"accounts(accountnumber='NOPE')", `{"name":"x"}`, "If-Match: *"), 404, "Does Not Exist")
	if e.em.FindByAltKey("accounts", "NOPE") != "" {
		t.Error("If-Match: * created a row")
	}
	expect(t, e.call(t, "PATCH", api+"accounts(accountnumber='C-000001')", `{"name":"x"}`, "If-None-Match: *"), 412, "")
	if e.em.Get("accounts", AccountID(0))["name"] == "x" {
		t.Error("If-None-Match: * updated a row")
	}
}

func TestDocumentedOptimisticConcurrency(t *testing.T) {
	e := start(t, 100, nil)
	tag := e.em.Get("accounts", AccountID(0))["@odata.etag"].(string)
	expect(t, e.call(t, "PATCH", api+"accounts("+AccountID(0)+")", `{"name":"A"}`, "If-Match: "+tag), 204, "")
	a := e.call(t, "PATCH", api+"accounts("+AccountID(0)+")", `{"name":"B"}`, "If-Match: "+tag)
	expect(t, a, 412, `{"error":{"code":"0x80060882","message":"The version of the existing record doesn't match`)
	expect(t, e.call(t, "DELETE", api+"accounts("+AccountID(0)+")", "", "If-Match: "+tag), 412, "0x80060882")
}

func TestDocumentedLookupBind(t *testing.T) {
	e := start(t, 100, nil)
	body := `{"firstname":"Ann","ownerid@odata.bind":"/systemusers(` + RepID(3) + `)"}`
	expect(t, e.call(t, "PATCH", api+"leads("+LeadID(0)+")", body), 204, "")
	if got := e.em.Get("leads", LeadID(0))["_ownerid_value"]; got != RepID(3) {
		t.Errorf("_ownerid_value %v", got)
	}
	expect(t, e.call(t, "PATCH", api+"leads("+LeadID(0)+")", `{"ownerid@odata.bind":"/systemusers(`+AccountID(0)+`)"}`), 400, "Does Not Exist")
	expect(t, e.call(t, "PATCH", api+"leads("+LeadID(0)+")", `{"ownerid@odata.bind":"/accounts(`+AccountID(0)+`)"}`), 400, "/systemusers(<guid>)")
	expect(t, e.call(t, "PATCH", api+"leads("+LeadID(0)+")", `{"_ownerid_value":"`+RepID(1)+`"}`), 400, "does not exist on type")
}

func TestDocumentedErrorBody(t *testing.T) {
	e := start(t, 100, nil)
	expect(t, e.call(t, "GET", api+"accounts?$select=nope", ""), 400,
		`{"error":{"code":"0x80060888","message":"Could not find a property named 'nope' on type 'Microsoft.Dynamics.CRM.account'."}}`)
	expect(t, e.call(t, "POST", api+"accounts", `{"nope":1}`), 400,
		`"message":"The property 'nope' does not exist on type 'Microsoft.Dynamics.CRM.account'.`)
	expect(t, e.call(t, "POST", api+"accounts", `{"name":`), 400, "0x80048d19")
	expect(t, e.call(t, "POST", api+"accounts", `{"name":"x"}`, "Content-Type: text/plain"), 415, "")
	expect(t, e.call(t, "GET", api+"accounts("+AccountID(900)+")", ""), 404, "Does Not Exist")
}
