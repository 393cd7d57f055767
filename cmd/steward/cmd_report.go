package main

import (
	"context"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/quality"
)

func (a *app) reportCmd() *cobra.Command {
	var runID int64
	var format, out string
	cmd := &cobra.Command{
		Use:   "report",
		Short: "Render a quality report (HTML, JSON or CSV) for a run",
		Long: `report renders the quality report of a run (default: the newest checked
run). Every products run with a quality section also writes quality-<run>.html,
.json and .csv into staging.report_dir. The HTML is self-contained and opens
offline; the CSV has one row per violation and is safe against formula injection.`,
		Example: "  steward report --format html --out report.html\n  steward report --run 42 --format csv > violations.csv",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if runID < 0 {
				return usage("--run %d: run ids are positive (steward runs lists them)", runID)
			}
			if !slices.Contains(reportFormats, format) {
				return usage("--format %q: want one of %s", format, strings.Join(reportFormats, ", "))
			}
			return a.withReadStore(cmd, func(st readStore) error {
				id, err := checkedRun(cmd.Context(), st, runID)
				if err != nil {
					return err
				}
				runID = id
				rep, err := quality.LoadReport(cmd.Context(), st, runID)
				if err != nil {
					return err
				}
				var w io.Writer = a.stdout
				if out != "" {
					f, err := os.Create(out)
					if err != nil {
						return err
					}
					defer f.Close()
					w = f
				}
				return quality.Render(cmd.Context(), w, st, rep, format)
			})
		},
	}
	cmd.Flags().Int64Var(&runID, "run", 0, "run id (default: newest checked run)")
	cmd.Flags().StringVar(&format, "format", "html", "html, json, csv or "+quality.GradesFormat+" (the channel × locale grades, when graded)")
	cmd.Flags().StringVar(&out, "out", "", "file to write (default: standard output)")
	return cmd
}

// reportFormats are the formats report renders.
var reportFormats = []string{"html", "json", "csv", quality.GradesFormat}

// checkedRun returns runID, or the newest checked run when it is 0; a run
// without a quality check is a usage error.
func checkedRun(ctx context.Context, st reportReader, runID int64) (int64, error) {
	if runID == 0 {
		q, ok, err := st.LatestQualityRun(ctx)
		if err != nil {
			return 0, err
		}
		if !ok {
			return 0, usage("no quality check has run yet: run a job with a quality section first (steward run products)")
		}
		return q.RunID, nil
	}
	_, ok, err := st.QualityRunByID(ctx, runID)
	if err != nil {
		return 0, err
	}
	if !ok {
		return 0, usage("run %d has no quality check (steward runs lists the runs)", runID)
	}
	return runID, nil
}

// qualityJobs names the jobs with a drafts section, or says there is none.
func qualityJobs(jobs []config.Job) string {
	var names []string
	for _, j := range jobs {
		if j.Quality != nil && j.Quality.Drafts != nil {
			names = append(names, j.Name)
		}
	}
	if len(names) == 0 {
		return "none"
	}
	return strings.Join(names, ", ")
}

func firstQualityJob(jobs []config.Job) string {
	for _, j := range jobs {
		if j.Quality != nil && j.Quality.Drafts != nil {
			return j.Name
		}
	}
	return ""
}
