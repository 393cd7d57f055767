// Package record holds the vocabulary every stage shares: a record read from a
// system, the page that carries records and the cursor that is true once the page
// is stored, and records set aside because they could not be understood.
package record

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"time"
)

// Record is one entity read from a source system, already in canonical JSON.
type Record struct {
	// Key identifies the entity within its data type and source system
	// (an Akeneo uuid, an SAP product number, a condition record id).
	Key string
	// Updated is the server's change timestamp of the record, the value an
	// incremental cursor advances over. Zero when the source has none.
	Updated time.Time
	// Payload is the record as canonical JSON.
	Payload json.RawMessage
}

// Hash returns the hex SHA-256 of the payload; staging compares it to decide
// whether a record changed since it was last seen.
func (r Record) Hash() string {
	sum := sha256.Sum256(r.Payload)
	return hex.EncodeToString(sum[:])
}

// Quarantined is a record, or a part of a page, that could not be understood. It is
// kept with its raw bytes and the reason, never dropped silently.
type Quarantined struct {
	// Key is the record key if it could be read, else empty.
	Key string
	// Raw holds the bytes as received (truncated by the extractor if huge).
	Raw []byte
	// Reason says what was wrong, naming the field or position.
	Reason string
}

// Page is what an extractor yields: a batch of records and the cursor that
// becomes true once every record in the page is stored.
type Page struct {
	Records     []Record
	Quarantined []Quarantined
	// Deleted are records the source reports deleted since the pass began
	// (a deleted-records feed, a delta's removed entities); staging marks
	// them deleted in the same transaction as the page.
	Deleted []Deletion
	// Cursor is the position to resume from after this page is stored.
	Cursor Cursor
	// URL names the page for error messages, without credentials.
	URL string
}

// Deletion is one record its source reports deleted.
type Deletion struct {
	// Key is the deleted record's key, as Record.Key would have named it.
	Key string
	// At is the source's deletion time; zero when the source gives none.
	At time.Time
}

// MaxQuarantineBytes is how much of a quarantined item's raw bytes is kept.
const MaxQuarantineBytes = 64 << 10

// Clip copies at most MaxQuarantineBytes of b for a quarantine entry.
func Clip(b []byte) []byte {
	return append([]byte{}, b[:min(len(b), MaxQuarantineBytes)]...)
}

// SystemState is a system's own small state kept across runs and jobs, by
// key (a daily request budget as last seen): what a connector must remember
// about the system rather than about one job's pass. Nil when the runner
// keeps none.
type SystemState interface {
	// Load returns the value kept under key ("" when none).
	Load(ctx context.Context, key string) (string, error)
	// Save keeps value under key.
	Save(ctx context.Context, key, value string) error
}
