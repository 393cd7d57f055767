package console

import (
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/stewardhq/steward/internal/store"
)

// pageSize is how many drafts one review page shows.
const pageSize = 50

var (
	draftKinds    = []string{store.DraftDescription, store.DraftCorrection}
	draftStatuses = []string{store.DraftPending, store.DraftFlagged, store.DraftApproved, store.DraftRejected, store.DraftPushed,
		store.DraftPushing, store.DraftSuperseded, store.DraftObsolete}
)

// reviewQuery is the review queue's selection as the query string holds it.
// Status defaults to pending when the parameter is absent; an empty status
// selects every status.
type reviewQuery struct {
	Filter store.DraftFilter
	// Values is the query string without paging, for links that keep the
	// filters.
	Values url.Values
}

// filterKeys are the query parameters that select drafts. The guardrail's
// reason is "guardrail": "reason" is the reviewer's, in every decision form.
var filterKeys = []string{"kind", "status", "family", "locale", "channel", "rule", "guardrail", "sku"}

// parseReviewQuery reads the filters from q; a value that is not one of the
// known kinds or statuses, or a page cursor that is not an id, is an error
// naming the parameter.
func parseReviewQuery(q url.Values) (reviewQuery, error) {
	get := func(k string) string { return strings.TrimSpace(q.Get(k)) }
	f := store.DraftFilter{Kind: get("kind"), Status: get("status"), Family: get("family"), Locale: get("locale"),
		Channel: get("channel"), Rule: get("rule"), Reason: get("guardrail"), SKU: get("sku")}
	if !q.Has("status") {
		f.Status = store.DraftPending
	}
	if f.Kind != "" && !slices.Contains(draftKinds, f.Kind) {
		return reviewQuery{}, fmt.Errorf("filter kind: %q is not a draft kind (%s)", f.Kind, strings.Join(draftKinds, ", "))
	}
	if f.Status != "" && !slices.Contains(draftStatuses, f.Status) {
		return reviewQuery{}, fmt.Errorf("filter status: %q is not a draft status (%s)", f.Status, strings.Join(draftStatuses, ", "))
	}
	if a := get("after"); a != "" {
		id, err := strconv.ParseInt(a, 10, 64)
		if err != nil || id < 0 {
			return reviewQuery{}, fmt.Errorf("page cursor after: %q is not a draft id", a)
		}
		f.AfterID = id
	}
	vals := url.Values{}
	for _, k := range filterKeys {
		if q.Has(k) {
			vals.Set(k, get(k))
		}
	}
	return reviewQuery{Filter: f, Values: vals}, nil
}
