package transform

import (
	"encoding/json"
	"time"
)

// Reporting is the reporting data type: anything read from any system into
// Parquet snapshots, never written back.
var Reporting = DataType{
	Name: "reporting", Strategy: ReadOnly, KeyField: "key", ChangeField: "changed",
	New: func() Entity { return new(Row) },
}

// Row is one record kept for reporting: its key and its fields as read.
type Row struct {
	Key     string                     `json:"key"`
	Values  map[string]json.RawMessage `json:"values"`
	Changed time.Time                  `json:"changed,omitzero"`
}

// EntityKey is the row's key.
func (r *Row) EntityKey() string { return r.Key }

// ChangedAt is the source's change time.
func (r *Row) ChangedAt() time.Time { return r.Changed }

// MatchKeys is empty: reporting rows are never matched.
func (r *Row) MatchKeys() map[string]string { return nil }

// Fields holds the row's values.
func (r *Row) Fields() (map[string]json.RawMessage, error) { return r.Values, nil }
