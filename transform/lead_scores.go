package transform

import (
	"encoding/json"
	"time"
)

// LeadScores is the lead score data type: CRM → scorer → CRM; the scorer
// owns the score fields and every write carries its model and reasons.
var LeadScores = DataType{
	Name: "lead_scores", Strategy: Computed, KeyField: "lead_id", ChangeField: "scored", TargetKey: "lead_id",
	FieldNames: []string{"score", "model", "reasons"},
	Carried:    []string{"model", "reasons"},
	New:        func() Entity { return new(LeadScore) },
}

// LeadScore is a scorer's verdict on one lead.
type LeadScore struct {
	LeadID string `json:"lead_id"`
	// Score is a decimal from 0 to 100.
	Score string `json:"score"`
	// Model names the scorer and its version.
	Model   string    `json:"model"`
	Reasons []string  `json:"reasons,omitempty"`
	Scored  time.Time `json:"scored,omitzero"`
}

// EntityKey is the lead's id.
func (l *LeadScore) EntityKey() string { return l.LeadID }

// ChangedAt is when the score was computed.
func (l *LeadScore) ChangedAt() time.Time { return l.Scored }

// MatchKeys matches a score to its lead.
func (l *LeadScore) MatchKeys() map[string]string { return nonEmpty("lead_id", l.LeadID) }

// Fields holds score, model and reasons.
func (l *LeadScore) Fields() (map[string]json.RawMessage, error) {
	return structFields(l, "lead_id", "scored")
}
