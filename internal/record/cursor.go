package record

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// CursorVersion is the newest version of the cursor JSON this build writes
// and reads. Version 2 added Partitions; a cursor without partitions is still
// written as version 1, so that it reads the same everywhere, and version 1
// cursors read as before.
const CursorVersion = 2

// cursorV1 is the version of a cursor without partitions.
const cursorV1 = 1

// ErrCorruptCursor reports a stored cursor that cannot be understood; the job
// refuses to start rather than silently reloading everything.
var ErrCorruptCursor = errors.New("corrupt cursor")

// Cursor is where an extraction resumes. Between runs only Watermark is set. During
// a pass, Next holds the server-supplied link of the page after the last stored
// one and PassMax the highest change time seen so far in the pass, so that a
// killed run resumes at most one page back.
type Cursor struct {
	Version int `json:"v"`
	// Watermark is the highest server change time of any stored record after the
	// last completed pass. Incremental reads start at Watermark minus the overlap.
	Watermark time.Time `json:"watermark,omitzero"`
	// Until bounds a backfill window (exclusive); zero for live runs.
	Until time.Time `json:"until,omitzero"`
	// Next is the opaque link of the next page of an unfinished pass.
	Next string `json:"next,omitempty"`
	// PassStart is the lower bound the unfinished pass was started with.
	PassStart time.Time `json:"pass_start,omitzero"`
	// PassMax is the highest change time seen in the unfinished pass.
	PassMax time.Time `json:"pass_max,omitzero"`
	// Snapshot marks a pass that reads every record of its source (a full
	// read, a resync after an expired delta token): once it finishes,
	// staging deletes the records of the source it did not read.
	Snapshot bool `json:"snapshot,omitempty"`
	// Done marks a finished backfill window.
	Done bool `json:"done,omitempty"`
	// State is an extractor's own state kept across passes, opaque to
	// everything else (a file drop's finished files). Finish keeps it.
	State string `json:"state,omitempty"`
	// Partitions are the chains of a pass read as several concurrent
	// partitions (version 2): each one's position, in a fixed order. Next is
	// then empty, and the pass is finished only when every partition is.
	Partitions []Partition `json:"partitions,omitempty"`
}

// Partition is the position of one partition of a pass.
type Partition struct {
	// Next is the opaque link of the partition's next page; "" once the
	// partition has been read to its end.
	Next string `json:"next,omitempty"`
}

// InPass reports whether the cursor stands inside an unfinished pass.
func (c Cursor) InPass() bool { return c.Next != "" || len(c.Partitions) > 0 }

// Observe raises PassMax to t if t is later.
func (c *Cursor) Observe(t time.Time) {
	if t.After(c.PassMax) {
		c.PassMax = t.UTC()
	}
}

// Finish closes the pass: the watermark moves to the highest change time seen,
// never backwards.
func (c Cursor) Finish() Cursor {
	if c.PassMax.After(c.Watermark) {
		c.Watermark = c.PassMax
	}
	c.Next, c.PassMax, c.PassStart, c.Partitions = "", time.Time{}, time.Time{}, nil
	return c
}

// Marshal encodes the cursor as versioned JSON: version 1 unless it holds
// partitions.
func (c Cursor) Marshal() ([]byte, error) {
	c.Version = cursorV1
	if len(c.Partitions) > 0 {
		c.Version = CursorVersion
	}
	return json.Marshal(c)
}

// ParseCursor decodes a stored cursor. Empty input is the zero cursor (no state
// yet); anything else that is not a cursor of a known version is ErrCorruptCursor.
func ParseCursor(b []byte) (Cursor, error) {
	var c Cursor
	if len(b) == 0 {
		return c, nil
	}
	if err := json.Unmarshal(b, &c); err != nil {
		return c, fmt.Errorf("%w: %v", ErrCorruptCursor, err)
	}
	if c.Version < cursorV1 || c.Version > CursorVersion {
		return c, fmt.Errorf("%w: version %d, want %d to %d", ErrCorruptCursor, c.Version, cursorV1, CursorVersion)
	}
	return c, nil
}
