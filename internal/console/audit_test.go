package console

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/stewardhq/steward/internal/store"
	"github.com/stewardhq/steward/internal/webauth"
)

var auditRow = regexp.MustCompile(`<tr id="a(\d+)">`)

func TestAuditTrailFiltersAndPaging(t *testing.T) {
	f := newFixture(t)
	ids := f.seed(t, make([]seeded, 60)...)
	bo := webauth.Principal{Name: "bo@example.com", Role: webauth.Steward, CSRF: "b"}
	for i, id := range ids {
		who, path, form := ana, "/approve", url.Values{}
		if i%3 == 0 {
			who, path, form = bo, "/reject", url.Values{"reason": {"off brand"}}
		}
		if w := f.post(t, who, "/review/"+itoa(id)+path, form); w.Code != http.StatusSeeOther {
			t.Fatalf("decide %d: %d", id, w.Code)
		}
	}
	body := f.get(t, viewer, "/audit").Body.String()
	if n := len(auditRow.FindAllString(body, -1)); n != pageSize {
		t.Fatalf("first page shows %d rows, want %d", n, pageSize)
	}
	if !strings.Contains(body, "UTC") || !strings.Contains(body, "bo@example.com") {
		t.Errorf("the trail lacks the zone or the reviewer")
	}
	if !strings.Contains(body, `href="/audit?before=11"`) {
		t.Errorf("no keyset link to older decisions")
	}
	if older := f.get(t, viewer, "/audit?before=11").Body.String(); len(auditRow.FindAllString(older, -1)) != 10 {
		t.Errorf("the second page does not hold the 10 oldest decisions")
	}
	rejects := f.get(t, viewer, "/audit?action=reject&reviewer=bo%40example.com").Body.String()
	if n := len(auditRow.FindAllString(rejects, -1)); n != 20 || !strings.Contains(rejects, "off brand") {
		t.Errorf("filter action+reviewer shows %d rows, want 20", n)
	}
	if n := len(auditRow.FindAllString(f.get(t, viewer, "/audit?day=2001-01-01").Body.String(), -1)); n != 0 {
		t.Errorf("filter day shows %d rows of another day", n)
	}
	for _, bad := range []string{"action=delete", "day=yesterday", "before=x"} {
		if w := f.get(t, viewer, "/audit?"+bad); w.Code != http.StatusBadRequest {
			t.Errorf("%s: %d, want 400", bad, w.Code)
		}
	}
	if _, err := f.st.DecisionLog(t.Context(), store.DecisionFilter{Day: "2001-01-01"}); err != nil {
		t.Fatal(err)
	}
}
