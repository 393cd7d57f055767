package salesforce

import (
	"context"
	"encoding/json"
	"fmt"
	"math/big"
	"regexp"
	"slices"
	"sort"
	"strings"

	api "github.com/stewardhq/steward/internal/api/salesforce"
	"github.com/stewardhq/steward/load"
	"github.com/stewardhq/steward/transform"
)

// readOnly are canonical fields never written.
var readOnly = map[string]bool{"id": true, "changed": true, "created": true}

// text reads a canonical text value ("" and null clear the field: nil).
func text(name string, raw json.RawMessage) (any, error) {
	if string(raw) == "null" {
		return nil, nil
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return nil, fmt.Errorf("field %s: want text, got %.40s", name, raw)
	}
	if s == "" {
		return nil, nil
	}
	return s, nil
}

// customerFields maps an item's canonical fields to Account fields; a field
// without a writable mapping is an error, never dropped.
func (l *Loader) customerFields(it load.Item) (api.Fields, error) {
	out := api.Fields{}
	for _, name := range sortedNames(it.Fields) {
		raw := it.Fields[name]
		nat, ok := l.obj.Fields[name]
		if !ok || readOnly[name] {
			return nil, fmt.Errorf("field %s has no writable %s field (settings.objects.%s.fields)", name, l.obj.Name, l.dt)
		}
		v, err := text(name, raw)
		if err != nil {
			return nil, err
		}
		if name == "external_id" {
			if v != nil && v != it.ExternalID {
				return nil, fmt.Errorf("field external_id %q differs from the item's external id %q", v, it.ExternalID)
			}
			continue
		}
		out[nat] = v
	}
	return out, nil
}

func sortedNames(m map[string]json.RawMessage) []string {
	names := make([]string, 0, len(m))
	for k := range m {
		names = append(names, k)
	}
	sort.Strings(names)
	return names
}

// writeCustomers upserts Accounts by the external-id field.
func (l *Loader) writeCustomers(ctx context.Context, items []load.Item) ([]load.Outcome, error) {
	out := initial(items)
	ext := l.s.ExternalIDField
	var rows, byID []row
	for i, it := range items {
		if it.ExternalID == "" {
			reject(&out[i], "customer has no external id (the %s value to upsert by)", ext)
			continue
		}
		f, err := l.customerFields(it)
		if err != nil {
			reject(&out[i], "customer %s: %v", it.ExternalID, err)
			continue
		}
		if it.UUID != "" {
			if r, ok := l.nativeRow(&out[i], i, it, f); ok {
				byID = append(byID, r)
			}
			continue
		}
		f[ext] = it.ExternalID
		rows = append(rows, row{item: i, key: it.ExternalID, fields: f})
	}
	if err := l.updateByID(ctx, out, byID); err != nil {
		return nil, err
	}
	rows, _, err := l.onlyChanged(ctx, l.obj.Name, ext, rows)
	if err != nil {
		return nil, err
	}
	rs, err := l.send(ctx, l.obj.Name, ext, rows)
	if err != nil {
		return nil, err
	}
	apply(out, rows, rs)
	return out, nil
}

// idRE is a Salesforce record id (15 or 18 characters).
var idRE = regexp.MustCompile(`^[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?$`)

// fullID checks a record id and returns its 18-character form: the suffix
// encodes, per five characters, which are upper case. An id the org would
// refuse ("invalid ID field") would fail the whole batch's query, so it is
// rejected here.
func fullID(id string) (string, bool) {
	if !idRE.MatchString(id) {
		return "", false
	}
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"
	suffix := make([]byte, 3)
	for i := range 3 {
		n := 0
		for j := range 5 {
			if c := id[i*5+j]; c >= 'A' && c <= 'Z' {
				n |= 1 << j
			}
		}
		suffix[i] = alphabet[n]
	}
	if len(id) == 18 && !strings.EqualFold(id[15:], string(suffix)) {
		return "", false
	}
	return id[:15] + string(suffix), true
}

// scoreFields maps a lead score's fields: score (decimal 0-100), model and
// reasons (joined with "; "); the model and reasons always go with the score.
func (l *Loader) scoreFields(it load.Item) (api.Fields, error) {
	out := api.Fields{}
	for _, name := range sortedNames(it.Fields) {
		raw := it.Fields[name]
		nat, ok := l.obj.Fields[name]
		switch {
		case name == "lead_id":
			continue
		case !ok || readOnly[name]:
			return nil, fmt.Errorf("field %s is not a score field (score, model, reasons)", name)
		case name == "score":
			n, err := scoreOf(raw)
			if err != nil {
				return nil, err
			}
			out[nat] = n
		case name == "reasons":
			var rs []string
			if err := json.Unmarshal(raw, &rs); err != nil {
				return nil, fmt.Errorf("field reasons: want a list of text: %v", err)
			}
			out[nat] = strings.Join(rs, "; ")
		default:
			v, err := text(name, raw)
			if err != nil {
				return nil, err
			}
			out[nat] = v
		}
	}
	if _, scored := out[l.obj.Fields["score"]]; scored && out[l.obj.Fields["model"]] == nil {
		return nil, fmt.Errorf("a score without its model: the model/version is written with every score")
	}
	if _, scored := out[l.obj.Fields["score"]]; scored && !hasReasons(it.Fields["reasons"]) {
		return nil, fmt.Errorf("a score without its reasons: the reasons are written with every score")
	}
	return out, nil
}

// hasReasons says whether raw is a list of reasons with one that is not
// blank.
func hasReasons(raw json.RawMessage) bool {
	var rs []string
	if json.Unmarshal(raw, &rs) != nil {
		return false
	}
	return slices.ContainsFunc(rs, func(r string) bool { return strings.TrimSpace(r) != "" })
}

// scoreOf reads a decimal score from 0 to 100 (string or number).
func scoreOf(raw json.RawMessage) (json.Number, error) {
	var s string
	if json.Unmarshal(raw, &s) != nil {
		s = string(raw)
	}
	d, err := transform.Decimal(s)
	if err != nil {
		return "", fmt.Errorf("field score %q is not a decimal: %v", s, err)
	}
	if d.Sign() < 0 || d.Cmp(big.NewRat(100, 1)) > 0 {
		return "", fmt.Errorf("field score %s is outside 0 to 100", s)
	}
	scale := 0
	if _, frac, ok := strings.Cut(s, "."); ok {
		scale = len(frac)
	}
	// The rational's own text: a valid JSON number ("087" is not), scale kept.
	return json.Number(d.FloatString(scale)), nil
}

// writeScores updates leads by Id with the score fields only.
func (l *Loader) writeScores(ctx context.Context, items []load.Item) ([]load.Outcome, error) {
	out := initial(items)
	var rows []row
	for i, it := range items {
		id, ok := fullID(it.ExternalID)
		if !ok {
			reject(&out[i], "lead score: %q is not a valid %s Id", it.ExternalID, l.obj.Name)
			continue
		}
		f, err := l.scoreFields(it)
		if err != nil {
			reject(&out[i], "lead score for %s: %v", it.ExternalID, err)
			continue
		}
		f["Id"] = id
		rows = append(rows, row{item: i, key: id, fields: f})
	}
	if err := l.updateByID(ctx, out, rows, l.obj.Fields["score"], l.obj.Fields["model"]); err != nil {
		return nil, err
	}
	return out, nil
}
