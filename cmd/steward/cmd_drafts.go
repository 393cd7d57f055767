package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/stewardhq/steward/internal/store"
)

type draftFlags struct {
	all                               bool
	kind, status, family, locale, job string
	reviewer, reason                  string
	override                          bool
	limit                             int
}

// Draft kinds and statuses, as --kind and --status accept them.
var (
	draftKinds    = []string{store.DraftDescription, store.DraftCorrection}
	draftStatuses = []string{store.DraftPending, store.DraftApproved, store.DraftRejected, store.DraftPushed, store.DraftFlagged, store.DraftSuperseded,
		store.DraftObsolete, store.DraftPushing}
)

// filter is the selection of a command. Only list has a limit: approve,
// reject and push take every draft the selection names. An unknown --kind or
// --status is a usage error, not an empty selection.
func (d *draftFlags) filter(args []string, needSelection bool) (store.DraftFilter, error) {
	f := store.DraftFilter{Kind: d.kind, Status: d.status, Family: d.family, Locale: d.locale}
	if err := errors.Join(oneOf("--kind", d.kind, draftKinds...), oneOf("--status", d.status, draftStatuses...)); err != nil {
		return f, usageError{err}
	}
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

// idsOutsideFilters refuses (usage error) draft ids that the --kind,
// --family or --locale given with them exclude, rather than acting on them or
// on none of them.
func idsOutsideFilters(ctx context.Context, st draftLister, f store.DraftFilter) error {
	if len(f.IDs) == 0 || f.Kind == "" && f.Family == "" && f.Locale == "" {
		return nil
	}
	ds, err := st.Drafts(ctx, store.DraftFilter{IDs: f.IDs})
	if err != nil {
		return err
	}
	var problems []string
	for _, d := range ds {
		for _, c := range []struct{ flag, want, got string }{{"--kind", f.Kind, d.Kind}, {"--family", f.Family, d.Family}, {"--locale", f.Locale, d.Locale}} {
			if c.want != "" && c.got != c.want {
				problems = append(problems, fmt.Sprintf("draft %d has %s %q, which %s %s excludes", d.ID, strings.TrimPrefix(c.flag, "--"), c.got, c.flag, c.want))
			}
		}
	}
	if len(problems) > 0 {
		return usage("%s; name only drafts the filters select, or drop the filters", strings.Join(problems, "; "))
	}
	return nil
}

func (a *app) draftsCmd() *cobra.Command {
	d := &draftFlags{}
	cmd := &cobra.Command{
		Use:   "drafts",
		Short: "Review description drafts and corrections: list, show, approve, reject, push",
		Long: `Drafts are proposals waiting for a person: descriptions written by the
configured generator for products that lack one, and mechanical corrections a rule
is sure of. Nothing reaches the PIM until a draft is approved and pushed; a draft
that fails its check (a number, unit or link its facts do not hold, markup) is
stored as "flagged", never as pending. Flagged drafts are never approved in bulk:
approve one only by its id with --override-flag and --reason. A newer draft for
the same product, attribute, locale and channel supersedes the older one. Each
products run closes as "obsolete" the open drafts whose product no longer has
the problem (someone filled or fixed the value since). While a push writes a
draft it is "pushing": approve and reject refuse it until the push settles it.
Every review records the reviewer: --reviewer, else $STEWARD_REVIEWER, else $USER.`,
		Example: "  steward drafts list --status pending --family shirts\n  steward drafts approve 12 13 --reviewer ana\n  steward drafts approve --all --kind correction\n  steward drafts approve 14 --override-flag --reason \"price checked by hand\"\n  steward drafts reject 15 --reason \"wrong colour\"\n  steward drafts push --all",
	}
	cmd.PersistentFlags().StringVar(&d.kind, "kind", "", "description or correction")
	cmd.PersistentFlags().StringVar(&d.family, "family", "", "only this family")
	cmd.PersistentFlags().StringVar(&d.locale, "locale", "", "only this locale")
	cmd.PersistentFlags().BoolVar(&d.all, "all", false, "every draft the filters select")
	cmd.AddCommand(a.listDraftsCmd(d), a.showDraftCmd(d), a.approveCmd(d), a.rejectCmd(d), a.pushCmd(d))
	return cmd
}

func (a *app) approveCmd(d *draftFlags) *cobra.Command {
	c := &cobra.Command{
		Use:   "approve [ID...]",
		Short: "Approve drafts (by id, or --all with filters; flagged ones only by id with an override)",
		Long: `approve marks drafts as approved for the next push. With --all (and filters) it
approves the pending drafts of the selection and never a flagged one: it says how
many flagged drafts it skipped. A flagged draft is approved only by its id, with
--override-flag and a --reason; the override, the reason and the reviewer are
recorded, and push then sends it even if it fails its re-check. Ids that do not
exist, or are pushed, rejected, superseded, obsolete or being pushed, refuse
the command (exit 2).`,
		Example: "  steward drafts approve 12 13\n  steward drafts approve --all --kind correction --family shirts\n  steward drafts approve 14 --override-flag --reason \"checked by hand\"",
		RunE: func(cmd *cobra.Command, args []string) error {
			f, err := d.filter(args, true)
			if err != nil {
				return err
			}
			rv, err := d.review(false)
			if err != nil {
				return err
			}
			if rv.Override && len(f.IDs) == 0 {
				return usage("--override-flag approves flagged drafts only by id, never with --all")
			}
			if rv.Override && strings.TrimSpace(rv.Reason) == "" {
				return usage("--override-flag needs --reason: say why the flagged draft is right")
			}
			return a.withStore(cmd, func(st draftReview) error {
				if err := idsOutsideFilters(cmd.Context(), st, f); err != nil {
					return err
				}
				if len(f.IDs) > 0 {
					n, err := st.ApproveIDs(cmd.Context(), f.IDs, rv)
					if err != nil {
						return asUsage(err)
					}
					a.printf("%d draft(s) approved by %s\n", n, rv.Reviewer)
					return nil
				}
				n, skipped, err := st.ApproveSelection(cmd.Context(), f, rv)
				if err != nil {
					return err
				}
				a.printf("%d draft(s) approved by %s\n", n, rv.Reviewer)
				if skipped > 0 {
					a.printf("%d flagged draft(s) skipped: approve one only by its id with --override-flag --reason (see steward drafts list --status flagged)\n", skipped)
				}
				return nil
			})
		},
	}
	d.reviewFlags(c)
	c.Flags().BoolVar(&d.override, "override-flag", false, "approve flagged drafts named by id (needs --reason)")
	return c
}

func (a *app) rejectCmd(d *draftFlags) *cobra.Command {
	c := &cobra.Command{
		Use:     "reject [ID...]",
		Short:   "Reject drafts (by id, or --all with filters), with a reason",
		Example: "  steward drafts reject 12 13 --reason \"invents a material\"\n  steward drafts reject --all --kind description --family shirts --reason \"prompt to be reworked\"",
		RunE: func(cmd *cobra.Command, args []string) error {
			f, err := d.filter(args, true)
			if err != nil {
				return err
			}
			rv, err := d.review(true)
			if err != nil {
				return err
			}
			return a.withStore(cmd, func(st draftReview) error {
				if err := idsOutsideFilters(cmd.Context(), st, f); err != nil {
					return err
				}
				var n, busy int64
				if len(f.IDs) > 0 {
					n, err = st.RejectIDs(cmd.Context(), f.IDs, rv)
				} else {
					n, busy, err = st.RejectSelection(cmd.Context(), f, rv)
				}
				if err != nil {
					return asUsage(err)
				}
				a.printf("%d draft(s) rejected by %s\n", n, rv.Reviewer)
				if busy > 0 {
					a.printf("%d draft(s) not rejected: a push is writing them (see steward drafts list --status pushing)\n", busy)
				}
				return nil
			})
		},
	}
	d.reviewFlags(c)
	return c
}

func (d *draftFlags) reviewFlags(c *cobra.Command) {
	c.Flags().StringVar(&d.reviewer, "reviewer", "", "who reviews (default $STEWARD_REVIEWER, then $USER; required)")
	c.Flags().StringVar(&d.reason, "reason", "", "why (required to reject and to override a flag)")
}

// review returns who reviews and why; a review without a reviewer (or a
// rejection without a reason) is a usage error.
func (d *draftFlags) review(needReason bool) (store.Review, error) {
	rv := store.Review{Reviewer: strings.TrimSpace(d.reviewer), Reason: strings.TrimSpace(d.reason), Override: d.override}
	for _, env := range []string{"STEWARD_REVIEWER", "USER"} {
		if rv.Reviewer == "" {
			rv.Reviewer = strings.TrimSpace(os.Getenv(env))
		}
	}
	if rv.Reviewer == "" {
		return rv, usage("no reviewer: pass --reviewer NAME or set $STEWARD_REVIEWER")
	}
	if needReason && rv.Reason == "" {
		return rv, usage("a rejection needs --reason")
	}
	return rv, nil
}

// asUsage turns a refused selection (unknown ids, wrong status) into a usage
// error (exit 2).
func asUsage(err error) error {
	var se *store.SelectionError
	if errors.As(err, &se) {
		return usageError{err}
	}
	return err
}

func (a *app) pushCmd(d *draftFlags) *cobra.Command {
	c := &cobra.Command{
		Use:   "push [ID...]",
		Short: "Write approved drafts and corrections to the PIM",
		Long: `push writes approved drafts and corrections through the outbox to the job's
draft target: descriptions into the configured draft attribute (or the described
attribute itself when the config publishes), corrections into their attribute.
It sends every approved draft the selection names, in batches the PIM accepts.
Only approved drafts are sent: naming one that is not approved refuses the push
(exit 2). Just before the write each draft is checked against the product as
staged now: a description whose facts changed (or whose attribute holds a value
now), or a correction whose target no longer holds the value it corrects, is
flagged ("the product changed since drafting") and not sent, override or not.
Each description is also checked again against its facts; one that fails is
flagged with the reason and not sent, unless a reviewer approved it by id with
--override-flag. Lines the PIM rejects go to the dead-letter table with its
message, and push exits 1.`,
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
			if err := checkJob(r.Config, d.job); err != nil {
				return err
			}
			if err := idsOutsideFilters(cmd.Context(), r.Store, f); err != nil {
				return err
			}
			job := d.job
			if job == "" {
				job = firstQualityJob(r.Config.Jobs)
			}
			if j, _ := r.Config.Job(job); j.Quality == nil || j.Quality.Drafts == nil {
				return usage("--job %q: no quality.drafts section, so no draft target (jobs with one: %s)", job, qualityJobs(r.Config.Jobs))
			}
			res, err := r.PushDrafts(cmd.Context(), job, f)
			if err != nil && res.RunID == 0 {
				return asUsage(err)
			}
			a.printf("run %d: %d pushed, %d rejected (see steward dlq list), %d flagged at the re-check and not sent, of %d approved\n",
				res.RunID, res.Pushed, res.Rejected, res.Flagged, res.Approved)
			if err == nil && res.Rejected > 0 {
				err = fmt.Errorf("push drafts: the PIM rejected %d draft(s); see steward dlq list", res.Rejected)
			}
			return err
		},
	}
	c.Flags().StringVar(&d.job, "job", "", "the products job whose draft target receives them (default: the first with drafts)")
	return c
}

// withStore runs fn with the state opened for a review of drafts.
func (a *app) withStore(cmd *cobra.Command, fn func(draftReview) error) error {
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
