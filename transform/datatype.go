package transform

import (
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/stewardhq/steward/internal/registry"
)

// Strategy is how a data type's conflicts between systems are decided
// (DESIGN.md, "Data types and their sync policy").
type Strategy string

// Strategies.
const (
	// SourceOfTruth: the leading system wins; a reconcile pass corrects drift
	// in the targets.
	SourceOfTruth Strategy = "source_of_truth"
	// LastWriteWins: the newer change wins by the systems' change timestamps,
	// within a clock-skew margin; ties go to the configured leader.
	LastWriteWins Strategy = "last_write_wins"
	// MergeEscalate: a field-level three-way merge against the last synced
	// version; true conflicts wait in the escalation queue for a person.
	MergeEscalate Strategy = "merge_escalate"
	// Computed: the value is computed by steward (a scorer) and owns its fields.
	Computed Strategy = "computed"
	// ReadOnly: the data is only read (snapshots for reporting), never written.
	ReadOnly Strategy = "read_only"
)

// Entity is one canonical record of any data type, as staged.
type Entity interface {
	// EntityKey is the record's key within its data type in its source system.
	EntityKey() string
	// ChangedAt is the source's change time of the record; zero when the
	// source keeps none.
	ChangedAt() time.Time
	// MatchKeys are the identifying values a crosswalk may match the record
	// on, by match key name (sku, gtin, external_id, vat_id, ...); empty
	// values are left out.
	MatchKeys() map[string]string
	// Fields returns the record's values by canonical field name as canonical
	// JSON: what field ownership selects from when the record is written.
	Fields() (map[string]json.RawMessage, error)
}

// DataType describes one of steward's data types: its canonical Go type and
// what the transform stage needs to know to decide about it.
type DataType struct {
	// Name is the data type's name in the config (data_type: prices).
	Name string
	// Strategy is the default conflict strategy (DESIGN.md's table).
	Strategy Strategy
	// KeyField names the canonical field that keys a record in its source.
	KeyField string
	// ChangeField names the canonical field holding the change time ("" if none).
	ChangeField string
	// TargetKey is the match key whose value identifies a record in a target
	// that has not been crosswalked to a native id yet (usually sku).
	TargetKey string
	// MatchKeyNames lists the match keys records of this type may carry
	// (Entity.MatchKeys), in the default matching order; nil means TargetKey
	// alone.
	MatchKeyNames []string
	// FieldNames lists the canonical fields a target may own. A data type
	// with open-ended fields (product attributes) lists its fixed ones and
	// sets OpenFields.
	FieldNames []string
	// OpenFields says that any field name a record carries may be owned
	// (product attributes are configuration, not code).
	OpenFields bool
	// PII lists the canonical fields that hold personal data.
	PII []string
	// Carried lists the fields every write of the data type carries (a
	// score's model and reasons): a target owning any of FieldNames owns
	// these too, and a target may own nothing outside FieldNames.
	Carried []string
	// New returns a zero canonical value to decode a staged payload into.
	New func() Entity
}

// Decode reads a staged canonical payload into the data type's Go type.
func (d DataType) Decode(payload []byte) (Entity, error) {
	if d.New == nil {
		return nil, fmt.Errorf("data type %s has no canonical type", d.Name)
	}
	e := d.New()
	if err := json.Unmarshal(payload, e); err != nil {
		return nil, fmt.Errorf("decode canonical %s: %w", d.Name, err)
	}
	return e, nil
}

// MatchKeyList returns the match keys of the data type in default order.
func (d DataType) MatchKeyList() []string {
	if d.MatchKeyNames != nil {
		return d.MatchKeyNames
	}
	if d.TargetKey == "" {
		return nil
	}
	return []string{d.TargetKey}
}

// Owns reports whether field is one a target of this data type may own.
func (d DataType) Owns(field string) bool {
	return d.OpenFields || slices.Contains(d.FieldNames, field)
}

// IsPII reports whether field holds personal data.
func (d DataType) IsPII(field string) bool { return slices.Contains(d.PII, field) }

// Types is a registry of data types by name.
type Types = registry.Registry[DataType]

// NewTypes returns an empty data type registry.
func NewTypes() *Types { return registry.New[DataType]("data type") }

// Builtin returns a registry holding steward's seven data types. Each call
// returns a fresh registry, so tests may add their own types to it.
func Builtin() *Types {
	r := NewTypes()
	for _, d := range []DataType{Inventory, Prices, Customers, Products, Orders, LeadScores, Leads, Reporting} {
		r.Register(d.Name, d)
	}
	return r
}
