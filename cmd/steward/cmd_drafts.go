package main

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/stewardhq/steward/internal/store"
)

type draftFlags struct {
	all                               bool
	kind, status, family, locale, job string
	reviewer                          string
	limit                             int
}

func (d *draftFlags) filter(args []string, needSelection bool) (store.DraftFilter, error) {
	f := store.DraftFilter{Kind: d.kind, Status: d.status, Family: d.family, Locale: d.locale, Limit: d.limit}
	for _, a := range args {
		id, err := strconv.ParseInt(a, 10, 64)
		if err != nil {
			return f, usage("draft id %q is not a number", a)
		}
		f.IDs = append(f.IDs, id)
	}
	if needSelection && len(f.IDs) == 0 && !d.all {
		return f, usage("name draft ids, or pass --all (with --kind, --family, --locale to narrow it)")
	}
	return f, nil
}

func (a *app) draftsCmd() *cobra.Command {
	d := &draftFlags{}
	cmd := &cobra.Command{
		Use:   "drafts",
		Short: "Review description drafts and corrections: list, show, approve, reject, push",
		Long: `Drafts are proposals waiting for a person: descriptions written by the
configured generator for products that lack one, and mechanical corrections a rule
is sure of. Nothing reaches the PIM until a draft is approved and pushed; a draft
that mentions a number or unit its facts do not hold is stored as "flagged", never
as pending.`,
		Example: "  steward drafts list --status pending --family shirts\n  steward drafts approve 12 13\n  steward drafts approve --all --kind correction\n  steward drafts push --all",
	}
	cmd.PersistentFlags().StringVar(&d.kind, "kind", "", "description or correction")
	cmd.PersistentFlags().StringVar(&d.family, "family", "", "only this family")
	cmd.PersistentFlags().StringVar(&d.locale, "locale", "", "only this locale")
	cmd.PersistentFlags().BoolVar(&d.all, "all", false, "every draft the filters select")
	list := &cobra.Command{
		Use:     "list",
		Short:   "List drafts",
		Example: "  steward drafts list --status flagged",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			f, _ := d.filter(nil, false)
			return a.withReadStore(cmd, func(st *store.Store) error {
				ds, err := st.Drafts(cmd.Context(), f)
				if err != nil {
					return err
				}
				tw := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
				fmt.Fprintln(tw, "ID\tKIND\tSTATUS\tSKU\tFAMILY\tATTRIBUTE\tLOCALE\tCHANNEL\tVALUE")
				for _, x := range ds {
					fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", x.ID, x.Kind, x.Status, x.SKU, x.Family, x.Attribute, x.Locale, x.Channel, clipText(x.Value, 60))
				}
				return tw.Flush()
			})
		},
	}
	list.Flags().StringVar(&d.status, "status", "", "pending, approved, rejected, pushed or flagged")
	list.Flags().IntVar(&d.limit, "limit", 100, "how many")
	show := &cobra.Command{
		Use:     "show ID",
		Short:   "Show one draft in full, with its provenance",
		Example: "  steward drafts show 12",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			f, err := d.filter(args, true)
			if err != nil {
				return err
			}
			return a.withReadStore(cmd, func(st *store.Store) error {
				ds, err := st.Drafts(cmd.Context(), f)
				if err != nil || len(ds) == 0 {
					return fmt.Errorf("no draft %s (%v)", args[0], err)
				}
				x := ds[0]
				a.printf("draft %d (%s, %s)\nproduct:   %s (%s, family %s)\nattribute: %s %s %s\nvalue:     %s\nsource:    %s %s, prompt %s, input %s\nrun:       %d, created %s, updated %s\n",
					x.ID, x.Kind, x.Status, x.SKU, x.ProductKey, x.Family, x.Attribute, x.Locale, x.Channel, x.Value,
					x.Generator, x.Model, x.PromptVersion, x.InputHash[:12], x.RunID, x.CreatedAt, x.UpdatedAt)
				if x.Reason != "" {
					a.printf("reason:    %s\n", x.Reason)
				}
				if x.Reviewer != "" {
					a.printf("reviewer:  %s\n", x.Reviewer)
				}
				return nil
			})
		},
	}
	cmd.AddCommand(list, show, a.reviewCmd(d, "approve", store.DraftApproved, []string{store.DraftPending, store.DraftFlagged}),
		a.reviewCmd(d, "reject", store.DraftRejected, []string{store.DraftPending, store.DraftFlagged, store.DraftApproved}), a.pushCmd(d))
	return cmd
}

func (a *app) reviewCmd(d *draftFlags, verb, to string, from []string) *cobra.Command {
	c := &cobra.Command{
		Use:     verb + " [ID...]",
		Short:   strings.ToUpper(verb[:1]) + verb[1:] + " drafts (by id, or --all with filters)",
		Example: fmt.Sprintf("  steward drafts %s 12 13\n  steward drafts %s --all --kind correction --family shirts", verb, verb),
		RunE: func(cmd *cobra.Command, args []string) error {
			f, err := d.filter(args, true)
			if err != nil {
				return err
			}
			return a.withStore(cmd, func(st *store.Store) error {
				n, err := st.SetDraftStatus(cmd.Context(), f, from, to, d.reviewerName())
				if err == nil {
					a.printf("%d draft(s) %s\n", n, to)
				}
				return err
			})
		},
	}
	c.Flags().StringVar(&d.reviewer, "reviewer", "", "who reviews (default $USER)")
	return c
}

func (d *draftFlags) reviewerName() string {
	if d.reviewer != "" {
		return d.reviewer
	}
	return os.Getenv("USER")
}

func (a *app) pushCmd(d *draftFlags) *cobra.Command {
	c := &cobra.Command{
		Use:   "push [ID...]",
		Short: "Write approved drafts and corrections to the PIM",
		Long: `push writes approved drafts and corrections through the outbox to the job's
draft target: descriptions into the configured draft attribute (or the described
attribute itself when the config publishes), corrections into their attribute.
Lines the PIM rejects go to the dead-letter table with its message.`,
		Example: "  steward drafts push --all\n  steward drafts push 12 13 --job products",
		RunE: func(cmd *cobra.Command, args []string) error {
			f, err := d.filter(args, true)
			if err != nil {
				return err
			}
			r, closeFn, err := a.runner(cmd.Context())
			if err != nil {
				return err
			}
			defer closeFn()
			job := d.job
			if job == "" {
				job = firstQualityJob(r.Config.Jobs)
			}
			res, err := r.PushDrafts(cmd.Context(), job, f)
			a.printf("run %d: %d pushed, %d rejected (see steward dlq list), of %d approved\n", res.RunID, res.Pushed, res.Rejected, res.Queued)
			return err
		},
	}
	c.Flags().StringVar(&d.job, "job", "", "the products job whose draft target receives them (default: the first with drafts)")
	return c
}

func (a *app) withStore(cmd *cobra.Command, fn func(*store.Store) error) error {
	_, st, err := a.openStore(cmd.Context())
	if err != nil {
		return err
	}
	defer st.Close()
	return fn(st)
}

func clipText(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}
