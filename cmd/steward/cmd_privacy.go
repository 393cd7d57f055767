package main

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/transform"
)

func (a *app) privacyCmd() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "privacy",
		Short: "Summarize the personal data each job moves and where it rests (records of processing)",
		Long: `Privacy lists, per job whose data type declares personal fields, which of
them flow from which system (and kind) to which targets (the fields the job
owns there), and where they rest: plain in the SQLite staging (write-back
needs them), pseudonymized (keyed tokens) in Parquet snapshots, reports,
logs and the run history. It names the privacy key by its reference, never
its value.`,
		Example: "  steward privacy\n  steward privacy --json",
		Args:    cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			f, err := a.loadConfigForReading()
			if err != nil {
				return err
			}
			s := privacySummary(f, transform.Builtin())
			if asJSON {
				enc := json.NewEncoder(a.stdout)
				enc.SetIndent("", "  ")
				return enc.Encode(s)
			}
			return s.text(a.stdout)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

// privacyReport is what steward privacy prints.
type privacyReport struct {
	// Key is the privacy key's reference (${ENV}, or key_file: PATH).
	Key  string        `json:"key"`
	Jobs []privacyFlow `json:"jobs"`
}

// privacyFlow is one job's personal data.
type privacyFlow struct {
	Job      string            `json:"job"`
	DataType string            `json:"data_type"`
	Fields   []string          `json:"personal_fields"`
	Source   privacySystem     `json:"source"`
	Targets  []privacySystem   `json:"targets"`
	Rests    []privacyLocation `json:"rests"`
}

// privacySystem is a system personal fields come from or go to.
type privacySystem struct {
	System string `json:"system"`
	Kind   string `json:"kind"`
	// Fields are the personal fields the job writes there (targets only).
	Fields []string `json:"fields,omitempty"`
}

// privacyLocation is where a job's personal data rests, and in what form.
type privacyLocation struct {
	Place string `json:"place"`
	Path  string `json:"path"`
	Form  string `json:"form"`
}

// privacySummary builds the report of f's jobs whose data types (of types)
// declare personal fields.
func privacySummary(f *config.File, types *transform.Types) privacyReport {
	rep := privacyReport{Key: keyReference(f.Privacy), Jobs: []privacyFlow{}}
	for _, j := range f.Jobs {
		dt, err := types.Get(j.DataType)
		if err != nil || len(dt.PII) == 0 {
			continue
		}
		fl := privacyFlow{Job: j.Name, DataType: dt.Name, Fields: dt.PII,
			Source: privacySystem{System: j.Extract.System, Kind: f.Systems[j.Extract.System].Kind}, Targets: []privacySystem{}}
		for _, t := range j.Load.Targets {
			owned := slices.DeleteFunc(slices.Clone(t.Fields), func(field string) bool { return !dt.IsPII(field) })
			fl.Targets = append(fl.Targets, privacySystem{System: t.System, Kind: f.Systems[t.System].Kind, Fields: owned})
		}
		fl.Rests = []privacyLocation{
			{Place: "sqlite staging", Path: f.Staging.SQLite, Form: "plain"},
			{Place: "sqlite quarantine and dead letters", Path: f.Staging.SQLite, Form: "pseudonymized"},
			{Place: "parquet snapshots", Path: f.Staging.ParquetDir, Form: "pseudonymized"},
			{Place: "reports", Path: f.Staging.ReportDir, Form: "pseudonymized"},
			{Place: "logs and run history (sqlite runs)", Path: f.Staging.SQLite, Form: "pseudonymized"},
		}
		rep.Jobs = append(rep.Jobs, fl)
	}
	return rep
}

// keyReference names the privacy key without its value.
func keyReference(p config.Privacy) string {
	switch {
	case p.Key.Ref() != "":
		return p.Key.Ref()
	case p.KeyFile != "":
		return "key_file: " + p.KeyFile
	}
	return "(none)"
}

// text writes the report as a table, one row per job, and then where the
// jobs' personal data rests (the same places for every job).
func (r privacyReport) text(w io.Writer) error {
	fmt.Fprintf(w, "privacy key: %s\n", r.Key)
	if len(r.Jobs) == 0 {
		_, err := fmt.Fprintln(w, "no job moves personal data")
		return err
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "JOB\tDATA TYPE\tPERSONAL FIELDS\tFROM\tTO (PERSONAL FIELDS WRITTEN)")
	for _, j := range r.Jobs {
		var to []string
		for _, t := range j.Targets {
			to = append(to, fmt.Sprintf("%s/%s (%s)", t.System, t.Kind, orNone(t.Fields)))
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s/%s\t%s\n", j.Job, j.DataType, strings.Join(j.Fields, ", "), j.Source.System, j.Source.Kind, orNone(to))
	}
	fmt.Fprintln(tw, "\nRESTS IN\tFORM\tPATH")
	for _, l := range r.Jobs[0].Rests {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", l.Place, l.Form, l.Path)
	}
	return tw.Flush()
}

func orNone(s []string) string {
	if len(s) == 0 {
		return "none"
	}
	return strings.Join(s, ", ")
}
