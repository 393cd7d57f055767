package main

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/stewardhq/steward/internal/sandbox"
	"github.com/stewardhq/steward/internal/store"
)

// TestDraftPushWritesProductsWithoutIdentifier: the PIM holds two products
// without an identifier (PIM 7.0 allows them), alike so that their drafts are
// equal. Both are read by uuid, drafted, approved and pushed by uuid: two
// writes, none rejected.
func TestDraftPushWritesProductsWithoutIdentifier(t *testing.T) {
	t.Parallel()
	sb, cfg := startSandboxWith(t, 40, 22, sandbox.ConfigOptions{Generator: "template"})
	bare := []string{"0b6e3c5e-8f1a-4c1e-9d2b-1a2b3c4d5e6f", "7f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f"}
	for _, u := range bare {
		status, body := akeneoCall(t, sb, "PATCH", "/api/rest/v1/products-uuid/"+u,
			`{"family":"shirts","categories":["master_shirts"],"values":{"name":[{"locale":"en_US","scope":null,"data":"Plain shirt"}],"color":[{"locale":null,"scope":null,"data":"white"}],"weight":[{"locale":null,"scope":null,"data":{"amount":"0.300","unit":"KILOGRAM"}}]}}`)
		if status != 201 {
			t.Fatalf("create product %s without identifier: %d %s", u, status, body)
		}
	}
	if out, code := steward(t, "run", "products", "--config", cfg); code != 0 {
		t.Fatalf("run failed:\n%s", out)
	}
	st := openState(t, cfg)
	ds, err := st.Drafts(t.Context(), store.DraftFilter{Kind: store.DraftDescription})
	if err != nil {
		t.Fatal(err)
	}
	mine := 0
	for _, d := range ds {
		if d.ProductKey == bare[0] || d.ProductKey == bare[1] {
			mine++
		}
	}
	if mine != 2 {
		t.Fatalf("%d description drafts for the two products without identifier, want 2", mine)
	}
	if _, code := steward(t, "drafts", "approve", "--all", "--reviewer", "ana", "--config", cfg); code != 0 {
		t.Fatal("approve failed")
	}
	if out, code := steward(t, "drafts", "push", "--all", "--config", cfg); code != 0 || !strings.Contains(out, " 0 rejected") {
		t.Fatalf("push (exit %d):\n%s", code, out)
	}
	for _, u := range bare {
		_, body := akeneoCall(t, sb, "GET", "/api/rest/v1/products-uuid/"+u, "")
		var p struct {
			Values map[string][]json.RawMessage `json:"values"`
		}
		if err := json.Unmarshal([]byte(body), &p); err != nil {
			t.Fatal(err)
		}
		if len(p.Values["description"])+len(p.Values["description_draft"]) == 0 {
			t.Errorf("product %s after the push holds no description: %s", u, body)
		}
	}
}

// akeneoCall sends one authenticated request to the sandbox's PIM.
func akeneoCall(t *testing.T, sb *sandboxSystems, method, path, body string) (int, string) {
	t.Helper()
	c := akeneoCredentials
	req, _ := http.NewRequest("POST", sb.AkeneoURL+"/api/oauth/v1/token", strings.NewReader(`{"grant_type":"password","username":"`+c.Username+`","password":"`+c.Password+`"}`))
	req.SetBasicAuth(c.ClientID, c.Secret)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	_ = json.NewDecoder(resp.Body).Decode(&tok)
	resp.Body.Close()
	req, _ = http.NewRequest(method, sb.AkeneoURL+path, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+tok.AccessToken)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}
