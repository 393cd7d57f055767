package console

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"sort"

	"github.com/stewardhq/steward/internal/store"
	"github.com/stewardhq/steward/transform"
)

// reviewItem is one draft as the queue shows it.
type reviewItem struct {
	store.Draft
	// Current is the value the product holds now, as staged; CurrentNote
	// says why there is none ("empty", "not staged").
	Current     string
	CurrentNote string
	// Proposed is the draft's value as text; Diff the word diff from the
	// current value when both are text.
	Proposed string
	Diff     []diffOp
	Facts    []fact
	// Editable is true for a draft a reviewer may edit (a description, or a
	// correction of text, an option, a number or a metric); Open for a draft
	// a reviewer may still decide.
	Editable, Open bool
}

// fact is one grounding fact of a description draft.
type fact struct{ Name, Value string }

// stagedSource finds the staged product a draft's run read: the data type and
// source system of the run's job. It caches per request.
type stagedSource struct {
	s    *Server
	jobs map[int64][2]string
}

func (s *Server) newItems(ctx context.Context, ds []store.Draft) ([]reviewItem, error) {
	src := &stagedSource{s: s, jobs: map[int64][2]string{}}
	out := make([]reviewItem, 0, len(ds))
	for _, d := range ds {
		it, err := src.item(ctx, d)
		if err != nil {
			return nil, err
		}
		out = append(out, it)
	}
	return out, nil
}

func (src *stagedSource) item(ctx context.Context, d store.Draft) (reviewItem, error) {
	open := d.Status == store.DraftPending || d.Status == store.DraftApproved || d.Status == store.DraftFlagged
	_, correctable := editableCorrection(d.Value)
	editable := d.Kind == store.DraftDescription || d.Kind == store.DraftCorrection && correctable
	it := reviewItem{Draft: d, Proposed: valueText(d.Value), Open: open, Editable: open && editable}
	cur, note, err := src.current(ctx, d)
	if err != nil {
		return it, err
	}
	it.Current, it.CurrentNote = cur, note
	if note == "" {
		it.Diff = wordDiff(cur, it.Proposed)
	}
	it.Facts = factsOf(d.Facts)
	return it, nil
}

// current reads the draft's attribute, locale and channel from the staged
// product; note is "empty" when the product holds no value there and names
// the reason when the product cannot be found.
func (src *stagedSource) current(ctx context.Context, d store.Draft) (string, string, error) {
	job, ok := src.jobs[d.RunID]
	if !ok {
		run, err := src.s.deps.Review.GetRun(ctx, d.RunID)
		switch {
		case errors.Is(err, sql.ErrNoRows):
		case err != nil:
			return "", "", fmt.Errorf("read run %d of draft %d: %w", d.RunID, d.ID, err)
		default:
			if j, found := src.s.job(run.Job); found {
				job = [2]string{j.DataType, j.Extract.System}
			}
		}
		src.jobs[d.RunID] = job
	}
	if job[0] == "" {
		return "", "unknown: the job that drafted it is not in the config", nil
	}
	payload, ok, err := src.s.deps.Review.StagedPayload(ctx, job[0], job[1], d.ProductKey)
	if err != nil {
		return "", "", fmt.Errorf("read staged product %s: %w", d.ProductKey, err)
	}
	if !ok {
		return "", "unknown: the product is not staged", nil
	}
	var p transform.Product
	if err := transform.DecodeProduct(payload, &p); err != nil {
		return "", "", fmt.Errorf("decode staged product %s: %w", d.ProductKey, err)
	}
	v, ok := p.Get(d.Attribute, d.Locale, d.Channel)
	if !ok || v.Textual() && v.Text == "" {
		return "", "empty", nil
	}
	if v.Textual() {
		return v.Text, "", nil
	}
	return v.String(), "", nil
}

// valueText renders a draft's stored value: a description's text, or a
// correction's canonical value as it reads.
func valueText(raw string) string {
	var v transform.Value
	var s string
	switch {
	case json.Unmarshal([]byte(raw), &s) == nil:
		return s
	case json.Unmarshal([]byte(raw), &v) == nil && v.Kind != "":
		if v.Textual() {
			return v.Text
		}
		return v.String()
	}
	return raw
}

// factsOf lists a draft's stored facts by name.
func factsOf(raw string) []fact {
	var m map[string]string
	if raw == "" || json.Unmarshal([]byte(raw), &m) != nil {
		return nil
	}
	out := make([]fact, 0, len(m))
	for k, v := range m {
		out = append(out, fact{k, v})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}
