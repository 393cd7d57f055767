package console

import (
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/stewardhq/steward/internal/store"
)

// TestReviewProductKeyWithSlashIsReachable: a native id holding "/", a
// space or "?" (Salsify ids are free text) links from the quality page to
// a product page that finds it.
func TestReviewProductKeyWithSlashIsReachable(t *testing.T) {
	f := opsFixture(t, nil)
	key := "AB/12 x?y#z"
	opsCheck(t, f.st, "products", store.TriggerSchedule, opsT0, summary(60),
		product(key, "SKU-S", "shirts", "", vio("spelling", "warning", "", "", "Cottn")))
	body := f.get(t, viewer, "/quality?job=products").Body.String()
	m := regexp.MustCompile(`href="(/products/[^"]*)"`).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no product link on the quality page")
	}
	w := f.get(t, viewer, strings.ReplaceAll(m[1], "&amp;", "&"))
	if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), "AB/12 x?y#z") {
		t.Errorf("GET %s: %d", m[1], w.Code)
	}
}
