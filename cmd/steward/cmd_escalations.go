package main

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/stewardhq/steward/internal/store"
)

func (a *app) escalationsCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "escalations",
		Short: "List, show, resolve or dismiss decisions left to a person (merge conflicts, ambiguous matches)",
		Long: `The transform stage escalates what it must not decide alone: a field both systems
changed to different values since they last agreed (a merge conflict), and a
record that matches several records of another system (an ambiguous match).
Nothing is written for those fields or records until a person decides here.`,
		Example: "  steward escalations list\n  steward escalations show 3\n  steward escalations resolve 3 --take source --reviewer ana",
	}
	cmd.AddCommand(a.escalationsListCmd(), a.escalationsShowCmd(), a.escalationsResolveCmd(), a.escalationsDismissCmd())
	return cmd
}

func (a *app) escalationsListCmd() *cobra.Command {
	var job, status string
	var limit int
	cmd := &cobra.Command{
		Use:     "list",
		Short:   "List escalations (open ones unless --status says otherwise)",
		Example: "  steward escalations list --job customers\n  steward escalations list --status resolved",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := oneOf("--status", status, store.EscalationOpen, store.EscalationResolved, store.EscalationDismissed, store.EscalationSuperseded, "all"); err != nil {
				return err
			}
			f, st, err := a.openReadStore(cmd.Context())
			if err != nil {
				return err
			}
			defer st.Close()
			if err := checkJob(f, job); err != nil {
				return err
			}
			if status == "all" {
				status = ""
			}
			es, err := st.Escalations(cmd.Context(), store.EscalationFilter{Job: job, Status: status, Limit: limit})
			if err != nil {
				return err
			}
			return a.printEscalations(es)
		},
	}
	cmd.Flags().StringVar(&job, "job", "", "only this job")
	cmd.Flags().StringVar(&status, "status", store.EscalationOpen, "open, resolved, dismissed, superseded or all")
	cmd.Flags().IntVar(&limit, "limit", 100, "how many")
	return cmd
}

func (a *app) printEscalations(es []store.Escalation) error {
	tw := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tJOB\tDATA TYPE\tKIND\tSOURCE\tTARGET\tFIELDS\tSTATUS\tCREATED")
	for _, e := range es {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s %s\t%s %s\t%s\t%s\t%s\n", e.ID, e.Job, e.DataType, e.Kind,
			e.SourceSystem, e.SourceKey, e.TargetSystem, e.TargetKey, listText(e.Fields), e.Status, e.CreatedAt)
	}
	return tw.Flush()
}

// listText renders a JSON array of names as a comma-separated list.
func listText(raw string) string {
	return strings.NewReplacer(`"`, "", "[", "", "]", "").Replace(raw)
}

func (a *app) escalationsShowCmd() *cobra.Command {
	return &cobra.Command{
		Use:     "show ID",
		Short:   "Show one escalation: both versions, the last synced version and the fields in conflict",
		Example: "  steward escalations show 3",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := escalationID(args[0])
			if err != nil {
				return err
			}
			_, st, err := a.openReadStore(cmd.Context())
			if err != nil {
				return err
			}
			defer st.Close()
			e, err := st.GetEscalation(cmd.Context(), id)
			if err != nil {
				return escalationUsage(err)
			}
			a.showEscalation(e)
			return nil
		},
	}
}

func (a *app) showEscalation(e store.Escalation) {
	a.printf("escalation %d (%s, %s)\n", e.ID, e.Kind, e.Status)
	a.printf("job:        %s (run %d), data type %s, entity %s\n", e.Job, e.RunID, e.DataType, dash(e.CanonicalID))
	a.printf("fields:     %s\n", listText(e.Fields))
	a.printf("source:     %s %s\n  %s\n", e.SourceSystem, e.SourceKey, e.SourceVersion)
	switch e.Kind {
	case store.EscalationAmbiguous:
		a.printf("candidates: %s\n", e.TargetVersion)
	case store.EscalationLeadRouting:
		a.printf("analysis:   %s %s\n  %s\n", e.TargetSystem, e.TargetKey, e.TargetVersion)
		if e.Status == store.EscalationOpen {
			a.printf("reason:     %s\n", dash(e.Reason))
		}
	default:
		a.printf("target:     %s %s\n  %s\n", e.TargetSystem, e.TargetKey, e.TargetVersion)
		a.printf("base:       %s\n", dash(e.BaseVersion))
	}
	if e.Status != store.EscalationOpen {
		a.printf("decision:   %s by %s at %s: %s\n", dash(e.Decision), e.DecidedBy, e.DecidedAt, dash(e.Reason))
	}
}

// dash stands in for an empty value.
func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func escalationID(s string) (int64, error) {
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 {
		return 0, usage("escalation id %q is not a positive number", s)
	}
	return id, nil
}

// escalationUsage makes an unknown or closed escalation a usage error.
func escalationUsage(err error) error {
	if errors.Is(err, store.ErrNoEscalation) || errors.Is(err, store.ErrEscalationClosed) {
		return usageError{err}
	}
	return err
}

// planUsage makes a choice that does not fit the escalation a usage error.
func planUsage(err error) error {
	if err == nil {
		return nil
	}
	return usageError{err}
}
