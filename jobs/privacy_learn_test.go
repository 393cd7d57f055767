package jobs

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/internal/privacy"
	"github.com/stewardhq/steward/internal/store"
)

// TestLearnedValuesOfOneBatchSurviveTheBound: the pseudonymizer forgets its
// learned values when they reach their bound (200,000, privacy's maxKnown);
// the values of the batch being written (those a connector's log line is
// about) must all be known afterwards, not only those learned after the
// set was cleared in the middle of the batch.
func TestLearnedValuesOfOneBatchSurviveTheBound(t *testing.T) {
	p := privacy.New("k-0123456789")
	fill := make([]string, 200_000-1)
	for i := range fill {
		fill[i] = "filler" + strconv.Itoa(i) // one learned form each
	}
	p.Learn(fill...)
	f := &config.File{}
	r := &Runner{Config: f, Privacy: p}
	job := config.Job{Name: "customers", DataType: "customers"}
	var items []store.OutboxItem
	names := []string{"Hildegard Plantinga", "Bartholomew Quigglesworth", "Zofia Wróblewska"}
	for i, n := range names {
		b, _ := json.Marshal(map[string]string{"contact_name": n})
		items = append(items, store.OutboxItem{ID: int64(i + 1), Payload: b})
	}
	r.learnWrites(job, items)
	got := p.Text("rejected: " + strings.Join(names, ", "))
	for _, n := range names {
		if strings.Contains(got, n) {
			t.Errorf("%q left in %q", n, got)
		}
	}
}
