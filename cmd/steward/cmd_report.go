package main

import (
	"io"
	"os"

	"github.com/spf13/cobra"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/internal/store"
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
			return a.withStore(cmd, func(st *store.Store) error {
				if runID == 0 {
					q, ok, err := st.LatestQualityRun(cmd.Context())
					if err != nil || !ok {
						return usage("no quality check has run yet (%v)", err)
					}
					runID = q.RunID
				}
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
	cmd.Flags().StringVar(&format, "format", "html", "html, json or csv")
	cmd.Flags().StringVar(&out, "out", "", "file to write (default: standard output)")
	return cmd
}

func firstQualityJob(jobs []config.Job) string {
	for _, j := range jobs {
		if j.Quality != nil && j.Quality.Drafts != nil {
			return j.Name
		}
	}
	return ""
}
