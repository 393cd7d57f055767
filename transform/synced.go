package transform

import (
	"encoding/json"
	"fmt"
)

// syncedDoc is a synced version as stored: the agreed field values and the
// values a person's decision overruled that a side may still hold.
type syncedDoc struct {
	Fields    map[string]json.RawMessage   `json:"fields"`
	Overruled map[string][]json.RawMessage `json:"overruled,omitempty"`
}

// encodeSynced encodes a base for the synced versions table.
func encodeSynced(fields map[string]json.RawMessage, overruled map[string][]json.RawMessage) ([]byte, error) {
	if fields == nil {
		fields = map[string]json.RawMessage{}
	}
	return json.Marshal(syncedDoc{Fields: fields, Overruled: overruled})
}

// decodeSynced reads a stored synced version.
func decodeSynced(raw []byte) (*Version, error) {
	var doc syncedDoc
	if err := json.Unmarshal(raw, &doc); err != nil {
		return nil, fmt.Errorf("decode synced version: %w", err)
	}
	if doc.Fields == nil {
		doc.Fields = map[string]json.RawMessage{}
	}
	return &Version{Fields: doc.Fields, Overruled: doc.Overruled}, nil
}
