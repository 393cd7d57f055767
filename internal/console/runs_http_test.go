package console

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/stewardhq/steward/internal/store"
)

// TestRunPagesShowTheRunsHTTPFigures: the run page shows the run's own
// requests, retries, 429 and 5xx answers and rate-limit wait; the runs table
// has a retries column with the 429s beside it; a run without figures shows
// zeros.
func TestRunPagesShowTheRunsHTTPFigures(t *testing.T) {
	f := opsFixture(t, nil)
	quiet := opsRun(t, f.st, "prices", store.TriggerSchedule, store.StatusSucceeded, "")
	busy := opsRun(t, f.st, "prices", store.TriggerSchedule, store.StatusPartial, "")
	h := store.HTTPCounts{Requests: 41, Retries: 7, Throttled: 3, ServerErrors: 4, RateLimitWaitMS: 92500}
	if err := f.st.SetRunHTTP(t.Context(), busy, h); err != nil {
		t.Fatal(err)
	}
	body := f.get(t, viewer, fmt.Sprintf("/runs/%d", busy)).Body.String()
	for _, want := range []string{"requests 41", "retries 7", "429 answers 3", "5xx answers 4", "rate-limit wait 1m32.5s"} {
		if !strings.Contains(body, want) {
			t.Errorf("run page lacks %q", want)
		}
	}
	if strings.Contains(body, "not per run") {
		t.Errorf("run page still says retries are not counted per run")
	}
	body = f.get(t, viewer, fmt.Sprintf("/runs/%d", quiet)).Body.String()
	for _, want := range []string{"requests 0", "retries 0", "rate-limit wait 0s"} {
		if !strings.Contains(body, want) {
			t.Errorf("run page of a run without requests lacks %q", want)
		}
	}
	body = f.get(t, viewer, "/runs").Body.String()
	cells := regexp.MustCompile(`<td data-label="Retries">([^\n]*)</td>`).FindAllStringSubmatch(body, -1)
	if !strings.Contains(body, "<th>Retries</th>") || len(cells) != 2 || cells[0][1] != `7 <span class="muted">(3 × 429)</span>` || cells[1][1] != "0" {
		t.Errorf("runs table retries column: %q", cells)
	}
}
