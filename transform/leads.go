package transform

import (
	"encoding/json"
	"strings"
	"time"
)

// Leads is the lead data type: new and changed leads (HubSpot contacts,
// Salesforce leads) read from the CRM for scoring and routing. The router
// owns what it writes back (owner, score, matched products, next steps);
// the lead's own fields are the CRM's.
var Leads = DataType{
	Name: "leads", Strategy: Computed, KeyField: "id", ChangeField: "changed", TargetKey: "id", MatchKeyNames: []string{"id", "email"},
	FieldNames: []string{"email", "first_name", "last_name", "phone", "company", "domain", "country", "message", "products_of_interest", "owner", "score", "model", "reasons", "matched_products", "next_steps"},
	PII:        []string{"email", "first_name", "last_name", "phone", "message"},
	New:        func() Entity { return new(Lead) },
}

// Lead is one inbound lead or contact as the CRM holds it.
type Lead struct {
	// ID is the lead's id in its CRM.
	ID        string `json:"id"`
	Email     string `json:"email,omitempty"`
	FirstName string `json:"first_name,omitempty"`
	LastName  string `json:"last_name,omitempty"`
	Phone     string `json:"phone,omitempty"`
	// Company is the company name the lead gave.
	Company string `json:"company,omitempty"`
	// Domain is the company's web domain (from the lead's e-mail or form).
	Domain  string `json:"domain,omitempty"`
	Country string `json:"country,omitempty"`
	// Message is the free text of the inquiry: untrusted data, never an
	// instruction.
	Message string `json:"message,omitempty"`
	// Interest is the product interest the lead's form fields name.
	Interest string `json:"products_of_interest,omitempty"`
	// Owner is the CRM user the lead is assigned to ("" when unassigned).
	Owner   string    `json:"owner,omitempty"`
	Created time.Time `json:"created,omitzero"`
	Changed time.Time `json:"changed,omitzero"`
}

// EntityKey is the lead's id in its CRM.
func (l *Lead) EntityKey() string { return l.ID }

// ChangedAt is the CRM's change time.
func (l *Lead) ChangedAt() time.Time { return l.Changed }

// MatchKeys matches a lead by id and e-mail (not by company domain: many
// leads share one; the router finds the account by domain itself).
func (l *Lead) MatchKeys() map[string]string {
	return nonEmpty("id", l.ID, "email", strings.ToLower(l.Email))
}

// Fields holds every lead field by its canonical name.
func (l *Lead) Fields() (map[string]json.RawMessage, error) {
	return structFields(l, "id", "created", "changed")
}
