package hubspot_test

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/stewardhq/steward/internal/api/hubspot/hubspottest"
	"github.com/stewardhq/steward/load"
)

// TestReviewUnnamedMultiStatusError: HubSpot's 207 errors do not always
// name their input (a VALIDATION_ERROR with no context). One such input
// must not fail every batch it is in, forever: it is isolated like a
// refused batch and rejected with HubSpot's message, the others written.
func TestReviewUnnamedMultiStatusError(t *testing.T) {
	f := hubspottest.New(token)
	f.Reject["C-000001"] = "Property values were not valid: vat_id"
	f.Rewrite = func(r *http.Request, body []byte) []byte {
		if !strings.HasSuffix(r.URL.Path, "/batch/upsert") {
			return body
		}
		var m map[string]any
		if json.Unmarshal(body, &m) != nil {
			return body
		}
		errs, _ := m["errors"].([]any)
		for _, e := range errs {
			delete(e.(map[string]any), "context")
		}
		b, _ := json.Marshal(m)
		return b
	}
	l := loaderFor(t, f, "customers", 100)
	out, err := l.Write(t.Context(), customerItems(3))
	if err != nil {
		t.Fatalf("a batch failed for one input its error does not name: %v", err)
	}
	if got := statuses(out); !slices.Equal(got, []string{load.Written, load.Rejected, load.Written}) || !strings.Contains(out[1].Reason, "vat_id") {
		t.Fatalf("outcomes %+v", out)
	}
}
