package llm

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func post(t *testing.T, srv *httptest.Server, token, body string) (int, map[string]any) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/v1/chat/completions", strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&out)
	return resp.StatusCode, out
}

func TestSandboxModel(t *testing.T) {
	s := &Server{Token: "k"}
	srv := httptest.NewServer(s)
	defer srv.Close()
	prompt := `{"model":"sandbox-writer","messages":[{"role":"system","content":"x"},{"role":"user","content":"Language: en_US.\n<<<FACTS\n{\"color\":\"red\",\"family\":\"shirts\",\"name\":\"Red Shirt 5\",\"weight\":\"0.512\",\"weight_symbol\":\"kg\"}\nFACTS>>>"}]}`
	code, out := post(t, srv, "k", prompt)
	content := out["choices"].([]any)[0].(map[string]any)["message"].(map[string]any)["content"].(string)
	if code != 200 || content != "Meet the Red Shirt 5. Its colour is red. It weighs 0.512 kg. A dependable pick from the shirts range." {
		t.Fatalf("%d %q", code, content)
	}
	s.SetMalformed(1)
	_, out = post(t, srv, "k", prompt)
	if c := out["choices"].([]any)[0].(map[string]any)["message"].(map[string]any)["content"].(string); !strings.Contains(c, "9.99") {
		t.Errorf("malformed switch: %q", c)
	}
	if code, out := post(t, srv, "wrong", prompt); code != 401 || out["error"] == nil {
		t.Errorf("bad key: %d %v", code, out)
	}
	if code, _ := post(t, srv, "k", strings.Replace(prompt, "sandbox-writer", "gpt-9", 1)); code != 404 {
		t.Errorf("unknown model: %d", code)
	}
	req, _ := http.NewRequest(http.MethodGet, srv.URL+"/v1/models", nil)
	req.Header.Set("Authorization", "Bearer k")
	resp, err := http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("models: %v", err)
	}
	resp.Body.Close()
	if s.Calls() != 2 {
		t.Errorf("calls = %d", s.Calls())
	}
}
