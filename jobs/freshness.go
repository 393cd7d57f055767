package jobs

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/internal/store"
	"github.com/stewardhq/steward/quality"
	"github.com/stewardhq/steward/transform"
	"github.com/stewardhq/steward/transform/drafts"
)

// correctsFact is the fact a correction stores: the value it corrects, as
// the JSON data of its slot.
const correctsFact = "corrects"

// errChanged starts every reason a draft is refused for at the push because
// its product is no longer what it was drafted from.
const errChanged = "the product changed since drafting"

func correctedFacts(data json.RawMessage) string {
	return drafts.Facts{correctsFact: canonicalJSON(data)}.JSON()
}

// slotData returns the data of an attribute's value for locale and channel;
// like the quality rules, an empty locale or channel takes any.
func slotData(raw json.RawMessage, locale, channel string) json.RawMessage {
	var vs []struct {
		Locale *string         `json:"locale"`
		Scope  *string         `json:"scope"`
		Data   json.RawMessage `json:"data"`
	}
	_ = json.Unmarshal(raw, &vs)
	for _, v := range vs {
		if (locale == "" || v.Locale != nil && *v.Locale == locale) && (channel == "" || v.Scope != nil && *v.Scope == channel) {
			return v.Data
		}
	}
	return nil
}

// canonicalJSON renders JSON data with its numbers as written and its keys
// sorted, so two renderings of the same value compare equal.
func canonicalJSON(data json.RawMessage) string {
	if len(bytes.TrimSpace(data)) == 0 {
		return "null"
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if dec.Decode(&v) != nil {
		return string(data)
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// blankData reports whether slot data holds nothing: no data, or a text of
// only whitespace.
func blankData(data json.RawMessage) bool {
	switch strings.TrimSpace(string(data)) {
	case "", "null", `""`, "[]", "{}":
		return true
	}
	var s string
	return json.Unmarshal(data, &s) == nil && strings.TrimSpace(s) == ""
}

// freshness checks drafts just before a push against the product as it is
// staged now: a description's facts (and its slot still empty), a
// correction's corrected value. A draft made from data the PIM no longer holds
// would overwrite what a person entered since.
type freshness struct {
	r    *Runner
	job  config.Job
	spec *config.DraftSpec
	erp  map[string]transform.Price
}

// problem returns why d is stale ("" when it is not); err is a failure to
// read the staged data.
func (f *freshness) problem(ctx context.Context, d store.Draft) (string, error) {
	payload, ok, err := f.r.Store.StagedPayload(ctx, f.job.DataType, f.job.Extract.System, d.ProductKey)
	if err != nil {
		return "", err
	}
	if !ok {
		return errChanged + ": it is no longer staged", nil
	}
	var p transform.PIMProduct
	if err := json.Unmarshal(payload, &p); err != nil {
		return "", fmt.Errorf("staged product %s: %w", d.ProductKey, err)
	}
	current := slotData(p.Values[d.Attribute], d.Locale, d.Channel)
	if d.Kind == store.DraftCorrection {
		return correctionProblem(d, current), nil
	}
	if !blankData(current) {
		return fmt.Sprintf("%s: its %s holds a value now", errChanged, d.Attribute), nil
	}
	if err := f.loadERP(ctx); err != nil {
		return "", err
	}
	var erp *transform.Price
	if pr, ok := f.erp[p.SKU]; ok {
		erp = &pr
	}
	return factsProblem(d.Facts, drafts.FactsOf(p, f.spec.Facts, d.Locale, erp)), nil
}

func correctionProblem(d store.Draft, current json.RawMessage) string {
	var stored drafts.Facts
	if json.Unmarshal([]byte(d.Facts), &stored) != nil || stored[correctsFact] == "" {
		return "the value it corrects was not stored with it, so it cannot be checked; the next run of the job stores it"
	}
	if now := canonicalJSON(current); now != stored[correctsFact] {
		return fmt.Sprintf("%s: %s was %s, is %s", errChanged, d.Attribute, stored[correctsFact], now)
	}
	return ""
}

// factsProblem compares the facts a description was drafted from with the
// facts of the product now.
func factsProblem(storedJSON string, now drafts.Facts) string {
	var stored drafts.Facts
	if storedJSON == "" || json.Unmarshal([]byte(storedJSON), &stored) != nil {
		return "" // recheck refuses a draft without readable facts
	}
	var diffs []string
	for k, v := range stored {
		if w, ok := now[k]; !ok || w != v {
			diffs = append(diffs, fmt.Sprintf("%s was %q, is %q", k, v, w))
		}
	}
	for k, w := range now {
		if _, ok := stored[k]; !ok {
			diffs = append(diffs, fmt.Sprintf("%s was absent, is %q", k, w))
		}
	}
	if len(diffs) == 0 {
		return ""
	}
	slices.Sort(diffs)
	return errChanged + ": " + strings.Join(diffs, "; ")
}

// loadERP reads the staged ERP prices the job's rules use, once per push.
func (f *freshness) loadERP(ctx context.Context) error {
	if f.erp != nil {
		return nil
	}
	f.erp = map[string]transform.Price{}
	rules, err := quality.LoadRules(f.r.Config.RulesPath(f.job))
	if err != nil {
		return err
	}
	for _, src := range rules.Sources() {
		if err := f.r.loadPrices(ctx, src, f.erp); err != nil {
			return err
		}
	}
	return nil
}
