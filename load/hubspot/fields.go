package hubspot

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	gostrings "strings"

	"github.com/stewardhq/steward/load"
	"github.com/stewardhq/steward/transform"
)

// customer maps a customer's canonical fields to company properties; the
// external id is the upsert's id and must agree with a field of its own.
func (l *Loader) customer(it load.Item) (map[string]string, error) {
	props := map[string]string{}
	for _, f := range slices.Sorted(maps.Keys(it.Fields)) {
		v, err := text(it.Fields[f])
		if err != nil {
			return nil, fmt.Errorf("field %s: %w", f, err)
		}
		if f == "external_id" {
			if v != it.ExternalID {
				return nil, fmt.Errorf("field external_id %q differs from the item's external id", v)
			}
			continue
		}
		p, ok := l.obj.Fields[f]
		if !ok || f == "id" || f == "changed" {
			return nil, fmt.Errorf("field %s has no HubSpot company property (settings companies.fields)", f)
		}
		props[p] = v
	}
	return props, nil
}

// leadScore maps a score to contact properties: score, model and reasons
// (joined with "; "), the model and reasons always written with the score.
func (l *Loader) leadScore(it load.Item) (map[string]string, error) {
	props := map[string]string{}
	for _, f := range slices.Sorted(maps.Keys(it.Fields)) {
		raw := it.Fields[f]
		switch f {
		case "lead_id":
			if v, err := text(raw); err != nil || v != it.ExternalID {
				return nil, fmt.Errorf("field lead_id %s differs from the item's contact id", raw)
			}
			continue
		case "score", "model", "reasons":
		default:
			return nil, fmt.Errorf("field %s is not written to contacts (lead scores write score, model, reasons)", f)
		}
		v, err := scoreValue(f, raw)
		if err != nil {
			return nil, fmt.Errorf("field %s: %w", f, err)
		}
		p, ok := l.obj.Fields[f]
		if !ok {
			return nil, fmt.Errorf("field %s has no HubSpot contact property (settings contacts.fields)", f)
		}
		props[p] = v
	}
	if _, ok := it.Fields["score"]; ok && gostrings.TrimSpace(props[l.obj.Fields["model"]]) == "" {
		return nil, fmt.Errorf("a score without its model: the model and version are written with every score")
	}
	if _, ok := it.Fields["score"]; ok && !hasReasons(it.Fields["reasons"]) {
		return nil, fmt.Errorf("a score without its reasons: the reasons are written with every score")
	}
	return props, nil
}

// hasReasons says whether raw is a list of reasons with one that is not
// blank.
func hasReasons(raw json.RawMessage) bool {
	var rs []string
	if json.Unmarshal(raw, &rs) != nil {
		return false
	}
	return slices.ContainsFunc(rs, func(r string) bool { return gostrings.TrimSpace(r) != "" })
}

func scoreValue(f string, raw json.RawMessage) (string, error) {
	switch f {
	case "reasons":
		var rs []string
		if err := json.Unmarshal(raw, &rs); err != nil {
			return "", fmt.Errorf("not a list of strings: %v", err)
		}
		return gostrings.Join(rs, "; "), nil
	case "score":
		v, err := text(raw)
		if err != nil {
			return "", err
		}
		d, err := transform.Decimal(v)
		if err != nil || d.Sign() < 0 || d.Cmp(bigHundred) > 0 {
			return "", fmt.Errorf("score %q is not a decimal from 0 to 100", v)
		}
		return v, nil
	}
	return text(raw)
}

// text reads a canonical scalar as the string HubSpot properties hold: a
// string as is, a number as written, a boolean as true/false, null as "".
func text(raw json.RawMessage) (string, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return "", nil
	}
	switch raw[0] {
	case '"':
		var s string
		err := json.Unmarshal(raw, &s)
		return s, err
	case '{', '[':
		return "", fmt.Errorf("%.40s is not a single value", raw)
	}
	var n json.Number
	if err := json.Unmarshal(raw, &n); err == nil {
		return n.String(), nil
	}
	var b bool
	if err := json.Unmarshal(raw, &b); err != nil {
		return "", fmt.Errorf("%.40s is not a value", raw)
	}
	return fmt.Sprint(b), nil
}
