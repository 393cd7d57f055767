package salesforce_test

import (
	"errors"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/stewardhq/steward/config"
	api "github.com/stewardhq/steward/internal/api/salesforce"
	"github.com/stewardhq/steward/internal/httpx"
	"github.com/stewardhq/steward/internal/retry"
)

// TestQuotaSharedPerSystem: every client of one system's HTTP client (the
// runner builds one per system: all its jobs' extractors and loaders) counts
// against one daily budget, brought up to date by the newer stored figure;
// another system's guard is its own.
func TestQuotaSharedPerSystem(t *testing.T) {
	f, err := config.Parse("t.yaml", []byte(yamlFor("https://acme.my.salesforce.com", "{type: none}", "{}")), nil, func(string) (string, bool) { return "", false })
	if err != nil {
		t.Fatal(err)
	}
	newClient := func() *httpx.Client {
		h, err := httpx.New("src", f.Systems["src"], zerolog.Nop(), httpx.Options{})
		if err != nil {
			t.Fatal(err)
		}
		return h
	}
	reserve := func(max int) int { return max / 10 }
	now := time.Now().UTC()
	h, other := newClient(), newClient()
	extractor := api.SharedQuota(h, api.QuotaState{Used: 20, Max: 100, At: now.Add(-time.Hour)}, reserve, nil)
	loader := api.SharedQuota(h, api.QuotaState{}, reserve, nil)
	if extractor != loader {
		t.Fatal("two clients of one system got two guards")
	}
	api.SharedQuota(h, api.QuotaState{Used: 95, Max: 100, At: now}, reserve, nil) // another job's fresher figure
	if st := loader.State(); st.Used != 95 {
		t.Fatalf("guard at %d/%d; want the fresher stored figure 95/100", st.Used, st.Max)
	}
	api.SharedQuota(h, api.QuotaState{Used: 10, Max: 100, At: now.Add(-2 * time.Hour)}, reserve, nil)
	if st := loader.State(); st.Used != 95 {
		t.Fatalf("an older stored figure replaced the guard's: %d/%d", st.Used, st.Max)
	}
	if err := api.Take(loader, "GET /query"); !errors.Is(err, retry.ErrQuotaReserve) {
		t.Fatalf("a loader at the budget another job saw: %v; want ErrQuotaReserve", err)
	}
	if st := api.SharedQuota(other, api.QuotaState{}, reserve, nil).State(); st.Max != 0 {
		t.Fatalf("another system's guard knows %d/%d", st.Used, st.Max)
	}
}
