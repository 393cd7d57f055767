package dataverse

import (
	"encoding/json"
	"testing"
)

func TestWriteRejections(t *testing.T) {
	e := start(t, 100, nil)
	acc := api + "accounts(" + AccountID(0) + ")"
	cases := []struct {
		method, path, body string
		status             int
		want               string
	}{
		{"POST", api + "systemusers", `{"fullname":"x"}`, 405, "read-only"},
		{"POST", api + "accounts", `{"name":"dup","accountnumber":"C-000002"}`, 412, "0x80060892"},
		{"POST", api + "accounts", `{"accountid":"` + AccountID(1) + `","name":"dup"}`, 412, "duplicate key"},
		{"PATCH", acc, `{"accountid":"` + AccountID(1) + `"}`, 400, "does not match"},
		{"PATCH", api + "accounts(accountnumber='C-000001')", `{"accountnumber":"C-7"}`, 400, "does not match"},
		{"PATCH", acc, `{"accountnumber":"C-000002"}`, 412, "0x80060892"},
		{"PATCH", api + "products(productnumber='P1')", `{"price":"12.50"}`, 400, "Cannot convert"},
		{"PATCH", api + "products(productnumber='P1')", `{"statecode":1.5}`, 400, "Cannot convert"},
		{"PATCH", acc, `{"name":5}`, 400, "Cannot convert"},
		{"PATCH", acc, `{"modifiedon":"2020-01-01T00:00:00Z"}`, 400, "read-only"},
		{"PATCH", acc, `[{"name":"x"}]`, 400, "0x80048d19"},
		{"PATCH", acc, `{"name":"x"} {}`, 400, "0x80048d19"},
		{"PUT", acc, `{"name":"x"}`, 405, ""},
		{"GET", api + "accounts(12)", ``, 400, "alternate key"},
		{"GET", "/api/data/v9.1/accounts", ``, 404, ""},
		{"GET", api + "opportunities", ``, 404, "opportunities"},
	}
	for _, c := range cases {
		a := e.call(t, c.method, c.path, c.body)
		if a.status != c.status {
			t.Errorf("%s %s %s: %d %s, want %d", c.method, c.path, c.body, a.status, a.body, c.status)
		}
	}
	if e.em.FindByAltKey("products", "P1") != "" {
		t.Error("a refused upsert created a product")
	}
}

func TestDeleteAndVersions(t *testing.T) {
	e := start(t, 100, nil)
	before, _ := e.em.Get("accounts", AccountID(0))["versionnumber"].(json.Number).Int64()
	expect(t, e.call(t, "PATCH", api+"accounts("+AccountID(0)+")", `{"name":"v2"}`), 204, "")
	after, _ := e.em.Get("accounts", AccountID(0))["versionnumber"].(json.Number).Int64()
	if after <= before {
		t.Errorf("versionnumber %d after %d", after, before)
	}
	expect(t, e.call(t, "DELETE", api+"accounts(accountnumber='C-000001')", ""), 204, "")
	expect(t, e.call(t, "DELETE", api+"accounts("+AccountID(0)+")", ""), 404, "Does Not Exist")
	if e.em.Calls()["DELETE "+api+"accounts("+AccountID(0)+")"] != 1 {
		t.Errorf("calls %v", e.em.Calls())
	}
}

func TestTokenEndpointRejections(t *testing.T) {
	e := start(t, 0, nil)
	for field, val := range map[string]string{"client_secret": "wrong", "client_id": "other", "grant_type": "password"} {
		form := e.tokenForm()
		form.Set(field, val)
		a := e.post(t, "/"+SandboxTenant+"/oauth2/v2.0/token", form)
		if a.status != 400 && a.status != 401 {
			t.Errorf("%s=%s: %d %s", field, val, a.status, a.body)
		}
	}
	expect(t, e.post(t, "/other-tenant/oauth2/v2.0/token", e.tokenForm()), 400, "AADSTS90002")
}
