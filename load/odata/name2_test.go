package odata_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/internal/httpx"
	"github.com/stewardhq/steward/load"
	"github.com/stewardhq/steward/load/odata"
)

// twoLineName serves one organization whose name fills two of SAP's 40
// character name lines: BusinessPartnerFullName (81 characters) is
// OrganizationBPName1 and OrganizationBPName2 joined by a space, recomputed
// on every change. It answers the CSRF fetch, the lookup and PATCH.
type twoLineName struct {
	mu           sync.Mutex
	name1, name2 string
	patches      int
}

func (s *twoLineName) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case r.Header.Get("X-CSRF-Token") == "Fetch":
		w.Header().Set("X-CSRF-Token", "tok")
		w.WriteHeader(http.StatusOK)
	case r.Method == http.MethodPatch:
		var p map[string]string
		_ = json.NewDecoder(r.Body).Decode(&p)
		for k, v := range p {
			switch k {
			case "OrganizationBPName1":
				s.name1 = v
			case "OrganizationBPName2":
				s.name2 = v
			default:
				http.Error(w, "unexpected "+k, http.StatusBadRequest)
				return
			}
		}
		if len(s.name1) > 40 || len(s.name2) > 40 {
			http.Error(w, "name line longer than 40", http.StatusBadRequest)
			return
		}
		s.patches++
		w.WriteHeader(http.StatusNoContent)
	default:
		w.Header().Set("Content-Type", "application/json")
		bp := map[string]any{"__metadata": map[string]any{"etag": fmt.Sprintf(`W/"%d"`, s.patches)},
			"BusinessPartner": "1000001", "BusinessPartnerIDByExtSystem": "C-1", "BusinessPartnerCategory": "2",
			"OrganizationBPName1": s.name1, "OrganizationBPName2": s.name2,
			"BusinessPartnerFullName":   strings.TrimSpace(s.name1 + " " + s.name2),
			"to_BusinessPartnerAddress": map[string]any{"results": []any{}}}
		_ = json.NewEncoder(w).Encode(map[string]any{"d": map[string]any{"results": []any{bp}}})
	}
}

// TestNameOnTwoLines: a customer name written to a partner whose name
// spans OrganizationBPName1 and OrganizationBPName2 ends up as
// BusinessPartnerFullName (what the extractor reads back as the name), and
// a rerun writes nothing. The loader wrote the whole name to line 1 and
// left line 2, so SAP's full name became "<new name> <old line 2>": the
// next extract carried that back to the CRM and every rerun wrote again.
func TestNameOnTwoLines(t *testing.T) {
	fake := &twoLineName{name1: "ACME Deutschland", name2: "GmbH & Co. KG"}
	srv := httptest.NewServer(fake)
	t.Cleanup(srv.Close)
	n := 0
	sys := config.System{BaseURL: srv.URL, AllowInsecureLoopback: true, TLS: config.TLS{MinVersion: "1.2"},
		Retry: config.Retry{MaxRetries: &n, BaseDelay: config.Duration(time.Millisecond), MaxDelay: config.Duration(time.Millisecond)}}
	h, err := httpx.New("erp", sys, zerolog.Nop(), httpx.Options{})
	if err != nil {
		t.Fatal(err)
	}
	l, err := odata.New(load.Spec{System: "erp", Settings: settings, Job: config.Job{Name: "customers", DataType: "customers"},
		Target: config.Target{System: "erp", Fields: []string{"name"}}, Client: h, Log: zerolog.Nop()})
	if err != nil {
		t.Fatal(err)
	}
	const want = "ACME Germany Holding GmbH & Co. KG"
	for run := range 2 {
		outs, err := l.Write(t.Context(), []load.Item{item(1, "C-1", "name", want)})
		if err != nil {
			t.Fatal(err)
		}
		if wantStatus := []string{load.Written, load.Unchanged}[run]; outs[0].Status != wantStatus {
			t.Errorf("run %d: %s %s, want %s", run+1, outs[0].Status, outs[0].Reason, wantStatus)
		}
	}
	if full := strings.TrimSpace(fake.name1 + " " + fake.name2); full != want {
		t.Errorf("SAP's full name is %q (line 1 %q, line 2 %q), want %q", full, fake.name1, fake.name2, want)
	}
}
