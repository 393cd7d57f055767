package jobs

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/rs/zerolog"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/internal/logkey"
	"github.com/stewardhq/steward/internal/store"
	"github.com/stewardhq/steward/quality"
	"github.com/stewardhq/steward/transform"
)

// QualityOutcome is what a quality check produced.
type QualityOutcome struct {
	Summary quality.Summary
	Reports []string
	// Drafts counts drafts created in this run, by kind.
	Drafts map[string]int
}

// checkQuality checks every staged product of the job against its rules,
// stores the results, proposes corrections and drafts, and writes the reports.
func (r *Runner) checkQuality(ctx context.Context, log zerolog.Logger, job config.Job, runID int64) (QualityOutcome, error) {
	var out QualityOutcome
	rules, err := quality.LoadRules(r.Config.RulesPath(job))
	if err != nil {
		return out, err
	}
	qc := &quality.Context{Now: r.now(), ERP: map[string]transform.Price{}}
	if r.PIMSchema != nil {
		pim, err := r.PIMSchema(ctx, job.Extract.System)
		if err != nil {
			log.Warn().Err(err).Msg("rules not checked against the PIM's attributes, locales and channels")
		} else {
			qc.PIM = &pim
		}
	}
	for _, src := range rules.Sources() {
		if err := r.loadPrices(ctx, src, qc.ERP); err != nil {
			return out, err
		}
	}
	w, err := r.Store.NewQualityWriter(ctx, runID)
	if err != nil {
		return out, err
	}
	prop := r.newProposer(job, runID, qc.ERP)
	each := func(fn func(transform.PIMProduct) error) error {
		return r.Store.EachStaged(ctx, job.DataType, func(row store.StagedRow) error {
			var p transform.PIMProduct
			if err := json.Unmarshal(row.Payload, &p); err != nil {
				return fmt.Errorf("staged product %s: %w", row.Key, err)
			}
			return fn(p)
		})
	}
	sum, err := rules.Check(each, qc, func(p transform.PIMProduct, res quality.ProductResult) error {
		if len(res.Violations) == 0 {
			return nil
		}
		prop.collect(p, res)
		return w.Add(ctx, scoreRow(res), violationRows(res))
	})
	if err != nil {
		return out, err
	}
	out.Summary = sum
	for _, w := range sum.Warnings {
		log.Warn().Msg(w)
	}
	if err := w.Finish(ctx, qualityRow(job, sum, r.now())); err != nil {
		return out, err
	}
	if out.Drafts, err = prop.propose(ctx, log); err != nil {
		return out, err
	}
	log.Info().Int(logkey.Checked, sum.Checked).Int(logkey.Passing, sum.Passing).Float64(logkey.Score, sum.Score).Str(logkey.Grade, sum.Grade).Msg("quality checked")
	out.Reports, err = r.writeReports(ctx, runID)
	return out, err
}

func (r *Runner) now() time.Time {
	if r.Now != nil {
		return r.Now()
	}
	return time.Now().UTC()
}

// loadPrices reads the staged prices of a data type, by SKU.
func (r *Runner) loadPrices(ctx context.Context, dataType string, into map[string]transform.Price) error {
	return r.Store.EachStaged(ctx, dataType, func(row store.StagedRow) error {
		var p transform.Price
		if err := json.Unmarshal(row.Payload, &p); err != nil {
			return fmt.Errorf("staged %s %s: %w", dataType, row.Key, err)
		}
		into[p.SKU] = p
		return nil
	})
}

func scoreRow(res quality.ProductResult) store.ProductScore {
	return store.ProductScore{ProductKey: res.Key, SKU: res.SKU, Family: res.Family, Passing: res.Passing,
		Enrichment: res.Enrichment, Consistency: res.Consistency, Violations: len(res.Violations)}
}

func violationRows(res quality.ProductResult) []store.ViolationRow {
	rows := make([]store.ViolationRow, len(res.Violations))
	for i, v := range res.Violations {
		fix := ""
		if v.Fix != nil {
			b, _ := json.Marshal(v.Fix)
			fix = string(b)
		}
		rows[i] = store.ViolationRow{ProductKey: v.ProductKey, SKU: v.SKU, Family: v.Family, Rule: v.Rule, Severity: v.Severity, Axis: v.Axis,
			Attribute: v.Attribute, Locale: v.Locale, Channel: v.Channel, Value: v.Value, Message: v.Message, Fix: fix}
	}
	return rows
}

func qualityRow(job config.Job, s quality.Summary, now time.Time) store.QualityRun {
	b, _ := json.Marshal(s)
	return store.QualityRun{Job: job.Name, GeneratedAt: now.Format(time.RFC3339), Checked: s.Checked, Passing: s.Passing, Score: s.Score,
		Grade: s.Grade, Enrichment: s.Axes.Enrichment, Consistency: s.Axes.Consistency, Summary: string(b)}
}

// writeReports renders the run's quality reports into the report folder.
func (r *Runner) writeReports(ctx context.Context, runID int64) ([]string, error) {
	return quality.WriteFiles(context.WithoutCancel(ctx), r.Store, r.Config.Staging.ReportDir, runID)
}
