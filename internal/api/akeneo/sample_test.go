package akeneo

import (
	"errors"
	"strings"
	"testing"
)

// TestCountedBodyIsLenient: a poisoned product in a sample answer drops out
// of the sample instead of failing the plan; an answer without its count, or
// whose structure cannot be followed, is an error.
func TestCountedBodyIsLenient(t *testing.T) {
	body := `{"_links":{},"current_page":1,"items_count":1234,"_embedded":{"items":[` +
		`{"uuid":"a","updated":"2026-01-05T08:00:01+00:00"},{"uuid":"b","note":"x` + "\x00" + `y","updated":"2026-01-05T08:00:02+00:00"}]}}`
	total, items, err := countedBody([]byte(body), "page")
	if err != nil || total != 1234 || len(items) != 2 {
		t.Fatalf("total %d, %d items, err %v", total, len(items), err)
	}
	if _, _, err := countedBody([]byte(`{"_embedded":{"items":[]}}`), "page"); err == nil || !strings.Contains(err.Error(), "no items_count") {
		t.Errorf("an answer without items_count: %v", err)
	}
	if _, _, err := countedBody([]byte(`{"items_count":`), "page"); !errors.Is(err, ErrUndecodableSample) {
		t.Errorf("a cut answer: %v", err)
	}
}
