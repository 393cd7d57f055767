package hubspot

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/stewardhq/steward/internal/record"
)

// passState is the extractor's part of the cursor (record.Cursor.State),
// kept across passes.
type passState struct {
	// Listed is when the archived listing was last read to its end.
	Listed time.Time `json:"deletions_listed,omitzero"`
}

// parseState reads the cursor's State ("" is the zero state).
func parseState(raw string) (passState, error) {
	var st passState
	if raw == "" {
		return st, nil
	}
	if err := json.Unmarshal([]byte(raw), &st); err != nil {
		return st, fmt.Errorf("read hubspot cursor state %.80q: %w", raw, err)
	}
	return st, nil
}

func (st passState) String() string {
	b, _ := json.Marshal(st)
	return string(b)
}

// deletions is the first archived page of an incremental pass from a
// watermark ("" for a first pass or a backfill window, which have none to
// report, and for a pass less than deletions_every after the last listing).
// The listing reports the objects archived since the pass's lower bound or,
// when earlier, since the last listing (less the overlap, for clock skew):
// those archived during the passes between listings are not lost.
func (e *Extractor) deletions(s search) string {
	if s.Since.IsZero() || !s.Until.IsZero() {
		return ""
	}
	now := e.now().UTC()
	if every := e.s.DeletionsEvery.Std(); !s.Listed.IsZero() && every > 0 && now.Sub(s.Listed) < every {
		return ""
	}
	since := s.Since
	if back := s.Listed.Add(-e.job.Extract.Overlap.Std()); !s.Listed.IsZero() && back.Before(since) {
		since = back
	}
	u := e.api.ListURL(e.m.obj.Type, nil, e.pageSize(e.s.PageSize), true)
	return archived{URL: u, Since: since, At: now}.link()
}

// listed returns the cursor of page p with the State of a finished archived
// listing when p ends one (the pass's last page).
func listed(p record.Page) (record.Cursor, error) {
	c := p.Cursor
	if c.Next != "" || !strings.HasPrefix(p.URL, archivedPrefix) {
		return c, nil
	}
	a, err := parseArchived(p.URL)
	if err != nil {
		return c, err
	}
	st, err := parseState(c.State)
	if err != nil {
		return c, err
	}
	st.Listed = a.At
	c.State = st.String()
	return c, nil
}
