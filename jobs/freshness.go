package jobs

import (
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
// the JSON of its canonical value ("null" when the slot was empty).
const correctsFact = "corrects"

// errChanged starts every reason a draft is refused for at the push because
// its product is no longer what it was drafted from.
const errChanged = "the product changed since drafting"

func correctedFacts(v transform.Value, ok bool) string {
	return drafts.Facts{correctsFact: valueFact(v, ok)}.JSON()
}

// valueFact renders a slot's canonical value for comparing later.
func valueFact(v transform.Value, ok bool) string {
	if !ok {
		return "null"
	}
	b, err := json.Marshal(v)
	if err != nil {
		return "null"
	}
	return string(b)
}

// blankValue reports whether a slot holds nothing: no value, or one that
// reads as only whitespace.
func blankValue(v transform.Value, ok bool) bool {
	return !ok || strings.TrimSpace(v.String()) == ""
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
	var p transform.Product
	if err := json.Unmarshal(payload, &p); err != nil {
		return "", fmt.Errorf("staged product %s: %w", d.ProductKey, err)
	}
	current, ok := p.Get(d.Attribute, d.Locale, d.Channel)
	if d.Kind == store.DraftCorrection {
		return correctionProblem(d, valueFact(current, ok)), nil
	}
	if !blankValue(current, ok) {
		return fmt.Sprintf("%s: its %s holds a value now", errChanged, d.Attribute), nil
	}
	if err := f.loadERP(ctx); err != nil {
		return "", err
	}
	var erp *transform.Price
	if pr, ok := f.erp[p.Identifier]; ok {
		erp = &pr
	}
	return factsProblem(d.Facts, drafts.FactsOf(p, f.spec.Facts, d.Locale, erp)), nil
}

func correctionProblem(d store.Draft, now string) string {
	var stored drafts.Facts
	if json.Unmarshal([]byte(d.Facts), &stored) != nil || stored[correctsFact] == "" {
		return "the value it corrects was not stored with it, so it cannot be checked; the next run of the job stores it"
	}
	if now != stored[correctsFact] {
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
