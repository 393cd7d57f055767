package main

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"github.com/stewardhq/steward/internal/store"
	"github.com/stewardhq/steward/transform"
)

func (a *app) escalationsResolveCmd() *cobra.Command {
	var c transform.Choice
	var reviewer string
	cmd := &cobra.Command{
		Use:   "resolve ID (--take source|target|FIELD=VALUE ... | --link NATIVE_ID | --owner EMAIL) --reviewer NAME",
		Short: "Decide an escalation; the decided values are queued for both systems",
		Long: `resolve records a person's decision. For a merge conflict, --take source or
--take target decides every field in conflict, --take FIELD=VALUE one field (later
ones override earlier, so --take source --take email=a@example.com mixes). The
decided values are queued in the outbox for BOTH systems, each through a job that
writes the data type there, and are written by the next run of that job; the
systems' last synced version becomes the decided one. For an ambiguous match,
--link names the candidate record that is the same entity. For a lead the router
escalated, --owner names the rep who gets it, one of the job's route.reps; the owner
is written to the CRM with the reviewer as its model and the escalation's reason.
An escalation closed already (resolved, dismissed, or superseded by a run that
routed the lead on its own) is refused. The reviewer comes
from --reviewer, else $STEWARD_REVIEWER, else $USER.`,
		Example: "  steward escalations resolve 3 --take target --reviewer ana\n" +
			"  steward escalations resolve 4 --take source --take email=billing@example.com --reviewer ana --reason \"confirmed by phone\"\n" +
			"  steward escalations resolve 5 --link 7f3c2a --reviewer ana\n" +
			"  steward escalations resolve 6 --owner rep3@example.com --reviewer ana",
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := escalationID(args[0])
			if err != nil {
				return err
			}
			if len(c.Take) == 0 && c.Link == "" && c.Owner == "" {
				return usage("say what to take: --take source, --take target, --take FIELD=VALUE, --link NATIVE_ID, or --owner EMAIL")
			}
			if c.By = reviewerFromEnv(reviewer); c.By == "" {
				return usage("resolving needs --reviewer (or $STEWARD_REVIEWER)")
			}
			return a.resolveEscalation(cmd, id, c)
		},
	}
	cmd.Flags().StringArrayVar(&c.Take, "take", nil, "source, target or FIELD=VALUE (repeatable)")
	cmd.Flags().StringVar(&c.Link, "link", "", "for an ambiguous match: the native id of the candidate that is the same entity")
	cmd.Flags().StringVar(&c.Owner, "owner", "", "for an escalated lead: the e-mail of the rep who gets it (one of the job's route.reps)")
	cmd.Flags().StringVar(&reviewer, "reviewer", "", "who decides (default $STEWARD_REVIEWER, then $USER)")
	cmd.Flags().StringVar(&c.Reason, "reason", "", "why")
	return cmd
}

func (a *app) resolveEscalation(cmd *cobra.Command, id int64, c transform.Choice) error {
	ctx := cmd.Context()
	f, st, err := a.openStore(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	e, err := st.GetEscalation(ctx, id)
	if err != nil {
		return escalationUsage(err)
	}
	if e.Status != store.EscalationOpen {
		return usage("escalation %d is %s already (by %s at %s)", id, e.Status, e.DecidedBy, e.DecidedAt)
	}
	dt, err := transform.Builtin().Get(e.DataType)
	if err != nil {
		return err
	}
	d, err := transform.Plan(ctx, st, f, dt, e, c)
	if err != nil {
		return planUsage(fmt.Errorf("resolve escalation %d: %w", id, err))
	}
	if err := st.Decide(ctx, d); err != nil {
		return escalationUsage(err)
	}
	a.printf("escalation %d resolved by %s", id, c.By)
	if len(d.Outbox) > 0 {
		a.printf("; queued: %s, written by the next run of each job (now: steward run %s)", writesText(d.Outbox), strings.Join(jobsOf(d.Outbox), " "))
	}
	if len(d.Links) > 0 {
		a.printf("; %s %s linked to entity %s (decided when %s next reads it)", d.Links[0].System, d.Links[0].NativeID, d.Links[0].CanonicalID, e.Job)
	}
	a.printf("\n")
	return nil
}

// writesText lists queued writes as "TARGET ID (via JOB)".
func writesText(items []store.OutboxItem) string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = fmt.Sprintf("%s %s (via %s)", it.Target, it.ExternalID, it.Job)
	}
	sort.Strings(out)
	return strings.Join(out, ", ")
}

// jobsOf lists the jobs that write items, once each, in order.
func jobsOf(items []store.OutboxItem) []string {
	var out []string
	for _, it := range items {
		if !slices.Contains(out, it.Job) {
			out = append(out, it.Job)
		}
	}
	sort.Strings(out)
	return out
}

func (a *app) escalationsDismissCmd() *cobra.Command {
	var reviewer, reason string
	cmd := &cobra.Command{
		Use:     "dismiss ID --reason TEXT",
		Short:   "Close an escalation without writing anything",
		Example: "  steward escalations dismiss 3 --reason \"duplicate account, merged by hand\" --reviewer ana",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := escalationID(args[0])
			if err != nil {
				return err
			}
			if strings.TrimSpace(reason) == "" {
				return usage("dismissing needs --reason")
			}
			by := reviewerFromEnv(reviewer)
			if by == "" {
				return usage("dismissing needs --reviewer (or $STEWARD_REVIEWER)")
			}
			_, st, err := a.openStore(cmd.Context())
			if err != nil {
				return err
			}
			defer st.Close()
			d := store.Decision{ID: id, Status: store.EscalationDismissed, Decision: `{"dismissed":true}`, By: by, Reason: strings.TrimSpace(reason)}
			if err := st.Decide(cmd.Context(), d); err != nil {
				return escalationUsage(err)
			}
			a.printf("escalation %d dismissed by %s\n", id, by)
			return nil
		},
	}
	cmd.Flags().StringVar(&reviewer, "reviewer", "", "who decides (default $STEWARD_REVIEWER, then $USER)")
	cmd.Flags().StringVar(&reason, "reason", "", "why (required)")
	return cmd
}
