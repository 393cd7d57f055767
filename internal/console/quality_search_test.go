package console

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stewardhq/steward/internal/store"
)

// TestReviewPartialSearchSaysNotFoundOnlyWhenItLookedEverywhere: a search
// that stopped at its scan budget before finding a match must not say that
// no product matches (the matches lie beyond where it stopped); the page
// that read to the end may.
func TestReviewPartialSearchSaysNotFoundOnlyWhenItLookedEverywhere(t *testing.T) {
	f := opsFixture(t, nil)
	var ps []checked
	for i := range 60 {
		value := "plain"
		if i == 55 {
			value = "a needle here"
		}
		ps = append(ps, product(fmt.Sprintf("k%03d", i), fmt.Sprintf("S%03d", i), "shirts", "", vio("spelling", "warning", "", "", value)))
	}
	opsCheck(t, f.st, "products", store.TriggerSchedule, opsT0, summary(70), ps...)
	f.srv.scan = scanBudget{Window: 10, Windows: 2}
	const none = "No product with issues matches the filter"
	body := f.get(t, viewer, "/quality?q=needle").Body.String()
	if len(listed(body)) != 0 || !strings.Contains(body, "Search on") {
		t.Fatalf("the first page should stop early with nothing found:\n%s", body)
	}
	if strings.Contains(body, none) {
		t.Errorf("a search that stopped after 20 of 60 products says %q", none)
	}
	body = f.get(t, viewer, "/quality?q=haystack").Body.String()
	if !strings.Contains(body, "Search on") || strings.Contains(body, none) {
		t.Errorf("a search that stopped early says it found nothing (or offers no way on)")
	}
	body = f.get(t, viewer, "/quality?q=haystack&after=k039").Body.String()
	if !strings.Contains(body, "No further product with issues matches the filter") || strings.Contains(body, "Search on") {
		t.Errorf("the page that read to the last product does not say that nothing matches")
	}
}
