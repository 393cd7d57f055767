package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/internal/store"
	"github.com/stewardhq/steward/transform"
)

func (a *app) showDraftCmd(d *draftFlags) *cobra.Command {
	return &cobra.Command{
		Use:   "show ID",
		Short: "Show one draft in full: the PIM's current value beside the proposal, its facts and provenance",
		Long: `show prints one draft: the value the staged PIM product holds for its attribute,
locale and channel ("(empty)" when it holds none) beside the proposed value, the
facts a description was grounded on, where it came from and how it was reviewed.
Text values are quoted, so stray spaces show.`,
		Example: "  steward drafts show 12",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			f, err := d.filter(args, true)
			if err != nil {
				return err
			}
			cfg, st, err := a.openReadStore(cmd.Context())
			if err != nil {
				return err
			}
			defer st.Close()
			ds, err := st.Drafts(cmd.Context(), f)
			if err != nil {
				return fmt.Errorf("show draft %s: %w", args[0], err)
			}
			if len(ds) == 0 {
				return usage("no draft %s (steward drafts list shows the drafts)", args[0])
			}
			current, err := currentValue(cmd.Context(), cfg, st, ds[0])
			if err != nil {
				return err
			}
			a.printDraft(ds[0], current)
			return nil
		},
	}
}

func (a *app) printDraft(x store.Draft, current string) {
	a.printf("draft %d (%s, %s)\nproduct:   %s (%s, family %s)\nattribute: %s\ncurrent:   %s\nproposed:  %s\nsource:    %s\n",
		x.ID, x.Kind, x.Status, x.SKU, x.ProductKey, x.Family, strings.Join(nonEmpty(x.Attribute, x.Locale, x.Channel), " "),
		current, shownValue(x.Value), draftSource(x))
	if x.Kind == store.DraftDescription {
		a.printf("facts:     %s\n", factsText(x.Facts))
	}
	a.printf("run:       %d, created %s, updated %s\n", x.RunID, localSeconds(x.CreatedAt), localSeconds(x.UpdatedAt))
	for _, l := range [][2]string{{"reason", x.Reason}, {"reviewer", x.Reviewer}, {"review", x.ReviewReason}} {
		if l[1] != "" {
			a.printf("%-11s%s\n", l[0]+":", l[1])
		}
	}
	if x.Override {
		a.printf("override:  approved although flagged\n")
	}
	if x.SupersededBy != 0 {
		a.printf("superseded by draft %d\n", x.SupersededBy)
	}
}

// draftSource names what wrote a draft; a prompt only when one was used.
func draftSource(x store.Draft) string {
	s := x.Generator + " " + x.Model
	if x.PromptVersion != "" {
		s += ", prompt " + x.PromptVersion
	}
	return s + ", input " + x.InputHash[:min(12, len(x.InputHash))]
}

// factsText lists a description's facts one per line, by name.
func factsText(raw string) string {
	var facts map[string]string
	if raw == "" || json.Unmarshal([]byte(raw), &facts) != nil || len(facts) == 0 {
		return "(not stored: drafted before steward kept them)"
	}
	names := make([]string, 0, len(facts))
	for k := range facts {
		names = append(names, k)
	}
	sort.Strings(names)
	lines := make([]string, len(names))
	for i, k := range names {
		lines[i] = k + " = " + facts[k]
	}
	return strings.Join(lines, "\n           ")
}

// currentValue is the staged PIM value of the draft's attribute, locale and
// channel, read from the product the draft's job staged.
func currentValue(ctx context.Context, cfg *config.File, st stagedReader, x store.Draft) (string, error) {
	run, err := st.GetRun(ctx, x.RunID)
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Sprintf("(unknown: run %d is not stored)", x.RunID), nil
	}
	if err != nil {
		return "", fmt.Errorf("show draft %d: %w", x.ID, err)
	}
	job, ok := cfg.Job(run.Job)
	if !ok {
		return fmt.Sprintf("(unknown: job %s is no longer in %s)", run.Job, cfg.Path), nil
	}
	payload, ok, err := st.StagedPayload(ctx, job.DataType, job.Extract.System, x.ProductKey)
	if err != nil || !ok {
		return "(unknown: the product is not staged)", err
	}
	var p transform.Product
	if err := json.Unmarshal(payload, &p); err != nil {
		return "", fmt.Errorf("show draft %d: staged product %s: %w", x.ID, x.ProductKey, err)
	}
	v, ok := p.Get(x.Attribute, x.Locale, x.Channel)
	if !ok {
		return "(empty)", nil
	}
	return valueText(v), nil
}

// shownValue renders a draft's value: a correction's canonical value, or a
// description's text, quoted (so stray spaces show); "(empty)" for none.
func shownValue(raw string) string {
	var v transform.Value
	var s string
	switch {
	case raw == "" || raw == "null" || raw == `""`:
		return "(empty)"
	case json.Unmarshal([]byte(raw), &v) == nil && v.Kind != "":
		return valueText(v)
	case json.Unmarshal([]byte(raw), &s) == nil:
		return strconv.Quote(s)
	}
	return raw
}

// valueText renders a canonical value: text quoted, others as they read.
func valueText(v transform.Value) string {
	switch {
	case v.Textual() && v.Text == "":
		return "(empty)"
	case v.Textual():
		return strconv.Quote(v.Text)
	}
	return v.String()
}

func nonEmpty(ss ...string) []string {
	out := ss[:0:0]
	for _, s := range ss {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}
