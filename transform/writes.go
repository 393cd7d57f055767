package transform

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/internal/record"
)

// Write is one keyed write of owned fields to one target.
type Write struct {
	Target     string
	ExternalID string
	// NativeID is the target's own id of the record when the entity's
	// record there is known (crosswalked): the loader updates that record
	// by it and writes ExternalID onto it, instead of upserting by
	// ExternalID. Empty for a record with no known target record.
	NativeID string
	Fields   map[string]json.RawMessage
	// SourceKey and CanonicalID name the record and entity the write was
	// decided for (empty without a decision); they are not part of the hash.
	SourceKey, CanonicalID string
	// Synced is the encoded synced version the write leads to (nil when it
	// sets none): recorded once the target takes the write, never before.
	Synced []byte
}

// Payload encodes the write's fields (map keys sort, so equal writes encode
// equally) and its content hash (of the native id too, when set: the same
// values written to another record are another write).
func (w Write) Payload() ([]byte, string, error) {
	b, err := json.Marshal(w.Fields)
	if err != nil {
		return nil, "", err
	}
	head := w.ExternalID + "\x00"
	if w.NativeID != "" {
		head += w.NativeID + "\x00"
	}
	sum := sha256.Sum256(append([]byte(head), b...))
	return b, hex.EncodeToString(sum[:]), nil
}

// Writes returns the writes a staged record of data type dt causes under
// source of truth without a decision (the reconcile): one per target,
// carrying only the fields the job owns there. The external id is the
// record's TargetKey match key (the SKU of a price or product).
func Writes(dt DataType, rec record.Record, targets []config.Target) ([]Write, error) {
	if len(targets) == 0 {
		return nil, nil
	}
	e, err := dt.Decode(rec.Payload)
	if err != nil {
		return nil, fmt.Errorf("transform record %s: %w", rec.Key, err)
	}
	fields, err := e.Fields()
	if err != nil {
		return nil, fmt.Errorf("transform record %s: %w", rec.Key, err)
	}
	id := e.MatchKeys()[dt.TargetKey]
	out := make([]Write, 0, len(targets))
	for _, t := range targets {
		if own := owned(fields, t); len(own) > 0 {
			out = append(out, Write{Target: t.System, ExternalID: id, Fields: own})
		}
	}
	return out, nil
}
