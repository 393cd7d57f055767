package salsify

import (
	"bytes"
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stewardhq/steward/internal/sandbox/catalog"
)

// TestStateRoundTrip: an organization saved after writes, a created product,
// a destroyed one and a planted value serves the same documents once loaded
// into a fresh emulator over the same catalog, and saves the same bytes again.
func TestStateRoundTrip(t *testing.T) {
	a, srvA := start(t, 12)
	body := `[{"Product ID":"SKU-0000001","Description Draft":"Written by the demo.","Price":12.30},{"Product ID":"NEW-1","Family":"shoes","Tags":["a","b"]}]`
	expect(t, call(t, srvA, "PUT", base+"/products/_upsert", body), 200, "")
	a.Delete("SKU-0000004")
	a.Plant("SKU-0000006", PropColor, "chartreuse")
	saved, err := a.SaveState()
	if err != nil {
		t.Fatal(err)
	}
	b := New(catalog.New(12, 1), SandboxOrg, SandboxToken)
	b.SetClock(func() time.Time { return fixedNow })
	if err := b.LoadState(saved); err != nil {
		t.Fatal(err)
	}
	srvB := httptest.NewServer(b)
	defer srvB.Close()
	filter := "&filter=" + escape("='salsify:updated_at':gt('2000-01-01T00:00:00Z')")
	if x, y := listAll(t, srvA, filter), listAll(t, srvB, filter); !jsonEqual(x, y) || len(x) != 13 {
		t.Errorf("loaded state lists differently (%d and %d products)", len(x), len(y))
	}
	if v, _ := b.Value("SKU-0000001", PropPrice); v != json.Number("12.30") || !strings.Contains(string(saved), `"Price":12.30`) {
		t.Errorf("price after load %v; saved %s", v, saved)
	}
	again, err := b.SaveState()
	if err != nil || !bytes.Equal(saved, again) {
		t.Errorf("state saved after load differs: %v\n%s\n%s", err, saved, again)
	}
	expect(t, call(t, srvB, "GET", base+"/products/SKU-0000004", ""), 404, "")
	expect(t, call(t, srvB, "POST", base+"/products", `[{"Product ID":"NEW-1"}]`), 422, "")
}

func TestLoadStateRefusesWhatDoesNotFit(t *testing.T) {
	s := New(catalog.New(3, 1), SandboxOrg, SandboxToken)
	for name, st := range map[string]string{
		"not json":          `{`,
		"total below":       `{"total":2,"products":[]}`,
		"index out":         `{"total":3,"products":[{"index":3,"id":"X"}]}`,
		"index twice":       `{"total":3,"products":[{"index":1,"id":"SKU-0000002"},{"index":1,"id":"SKU-0000002"}]}`,
		"planted id wrong":  `{"total":3,"products":[{"index":0,"id":"SKU-0000002"}]}`,
		"created missing":   `{"total":5,"products":[{"index":3,"id":"N1"}]}`,
		"created reuses id": `{"total":4,"products":[{"index":3,"id":"SKU-0000001"}]}`,
		"created id twice":  `{"total":5,"products":[{"index":3,"id":"N1"},{"index":4,"id":"N1"}]}`,
		"created no id":     `{"total":4,"products":[{"index":3,"id":""}]}`,
	} {
		if err := s.LoadState([]byte(st)); err == nil || !strings.HasPrefix(err.Error(), "load salsify state: ") {
			t.Errorf("%s: %v", name, err)
		}
	}
	if s.Count() != 3 {
		t.Errorf("a refused state changed the organization: %d products", s.Count())
	}
}
