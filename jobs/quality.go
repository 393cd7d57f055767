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
			log.Warn().Err(err).Msg("rules not checked against the PIM's attributes, locales and channels; completeness not evaluated")
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
	each := func(fn func(transform.Product) error) error {
		return r.Store.EachStaged(ctx, job.DataType, func(row store.StagedRow) error {
			var p transform.Product
			if err := json.Unmarshal(row.Payload, &p); err != nil {
				return fmt.Errorf("staged product %s: %w", row.Key, err)
			}
			return fn(p)
		})
	}
	sum, err := rules.Check(each, qc, func(p transform.Product, res quality.ProductResult) error {
		if len(res.Violations) == 0 {
			return nil
		}
		prop.collect(p, res)
		score, rows := quality.Rows(res)
		return w.Add(ctx, score, rows)
	})
	if err != nil {
		return out, err
	}
	out.Summary = sum
	for _, w := range sum.Warnings {
		log.Warn().Msg(w)
	}
	if err := w.Finish(ctx, quality.RunRow(job.Name, sum, r.now())); err != nil {
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

// writeReports renders the run's quality reports into the report folder.
func (r *Runner) writeReports(ctx context.Context, runID int64) ([]string, error) {
	return quality.WriteFiles(context.WithoutCancel(ctx), r.Store, r.Config.Staging.ReportDir, runID)
}
