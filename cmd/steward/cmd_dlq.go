package main

import (
	"errors"
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/stewardhq/steward/jobs"
)

func (a *app) dlqCmd() *cobra.Command {
	var job string
	cmd := &cobra.Command{
		Use:     "dlq",
		Short:   "List, replay or discard writes a target rejected",
		Example: "  steward dlq list\n  steward dlq replay --job prices\n  steward dlq replay 12 13\n  steward dlq discard 14 --reason \"product deleted\" --reviewer ana",
	}
	cmd.PersistentFlags().StringVar(&job, "job", "", "only this job")
	var limit int
	list := &cobra.Command{
		Use:     "list",
		Short:   "List dead letters neither replayed nor discarded, with the target's reason",
		Example: "  steward dlq list --job prices",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			f, st, err := a.openReadStore(cmd.Context())
			if err != nil {
				return err
			}
			defer st.Close()
			if err := checkJob(f, job); err != nil {
				return err
			}
			dls, err := st.DeadLetters(cmd.Context(), job, limit)
			if err != nil {
				return err
			}
			tw := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "ID\tJOB\tTARGET\tEXTERNAL ID\tRUN\tATTEMPTS\tREASON")
			for _, d := range dls {
				fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%d\t%d\t%s\n", d.ID, d.Job, d.Target, d.ExternalID, d.RunID, d.Attempts, d.Reason)
			}
			return tw.Flush()
		},
	}
	list.Flags().IntVar(&limit, "limit", 100, "how many")
	var replayReviewer string
	replay := &cobra.Command{
		Use:   "replay [ID...]",
		Short: "Write dead letters again now (by id, --job, or all)",
		Long: `replay sends the named dead letters (or all of --job, or all) again, now, as a
manual run of each job they belong to. A rejected write of data is sent as it was,
unless a newer write of the same field to the same record superseded it: that one
is discarded ("superseded by a newer write"), never sent over newer data. A
rejected draft push is pushed again from the draft's current value, after its
re-check, and only if the draft is still approved; one that is not is discarded
with the reason. A dead letter counts as replayed only once its write settled. It
prints how many were written, rejected again (those are dead letters again),
already equal in the target, skipped (with the reasons) and not sent, and exits 1
when the target rejected any. Each dead letter taken up is recorded in the audit
trail as replayed by --reviewer, else $STEWARD_REVIEWER, else $USER.`,
		Example: "  steward dlq replay --job prices\n  steward dlq replay 12 13",
		RunE: func(cmd *cobra.Command, args []string) error {
			ids, err := deadLetterIDs(args)
			if err != nil {
				return err
			}
			r, closeFn, err := a.runner(cmd.Context())
			if err != nil {
				return err
			}
			defer closeFn()
			if err := checkJob(r.Config, job); err != nil {
				return err
			}
			st, err := storeOf(r)
			if err != nil {
				return err
			}
			byJob, err := st.DeadLetterJobs(cmd.Context(), job, ids)
			if err != nil {
				return asUsage(err)
			}
			if len(byJob) == 0 {
				a.printf("no dead letters to replay\n")
				return nil
			}
			return a.replayJobs(cmd, r, byJob, len(ids) > 0, reviewerFromEnv(replayReviewer))
		},
	}
	replay.Flags().StringVar(&replayReviewer, "reviewer", "", "who replays, for the audit trail (default $STEWARD_REVIEWER, then $USER)")
	var all bool
	var reason, reviewer string
	discard := &cobra.Command{
		Use:   "discard [ID...] --reason TEXT",
		Short: "Give up dead letters (by id, --job, or --all), with a reason",
		Long: `discard removes dead letters from the list for good, recording the reason; they
are never written. Name ids, or --job, or --all. Discarding a rejected draft push
rejects its draft (the reason becomes the review reason), so no later push sends
it; that needs a reviewer: --reviewer, else $STEWARD_REVIEWER, else $USER.`,
		Example: "  steward dlq discard 12 --reason \"product deleted in the PIM\"\n  steward dlq discard --job prices --reason \"superseded by the next price list\"",
		RunE: func(cmd *cobra.Command, args []string) error {
			ids, err := deadLetterIDs(args)
			if err != nil {
				return err
			}
			if len(ids) == 0 && job == "" && !all {
				return usage("name dead letter ids, or pass --job or --all")
			}
			if strings.TrimSpace(reason) == "" {
				return usage("discarding needs --reason")
			}
			f, st, err := a.openStore(cmd.Context())
			if err != nil {
				return err
			}
			defer st.Close()
			if err := checkJob(f, job); err != nil {
				return err
			}
			rv := reviewerFromEnv(reviewer)
			res, err := st.DiscardDeadLetters(cmd.Context(), job, ids, strings.TrimSpace(reason), rv)
			if err != nil {
				return asUsage(err)
			}
			a.printf("%d dead letter(s) discarded\n", res.DeadLetters)
			if res.DraftsRejected > 0 {
				a.printf("%d draft(s) of discarded draft pushes rejected by %s\n", res.DraftsRejected, rv)
			}
			return nil
		},
	}
	discard.Flags().BoolVar(&all, "all", false, "every dead letter (of --job when given)")
	discard.Flags().StringVar(&reason, "reason", "", "why they are given up (required)")
	discard.Flags().StringVar(&reviewer, "reviewer", "", "who rejects the drafts of discarded draft pushes (default $STEWARD_REVIEWER, then $USER)")
	cmd.AddCommand(list, replay, discard)
	return cmd
}

// replayJobs writes the dead letters of each job again and prints what
// happened; any write the target rejected again fails the command.
func (a *app) replayJobs(cmd *cobra.Command, r *jobs.Runner, byJob map[string][]int64, named bool, reviewer string) error {
	names := make([]string, 0, len(byJob))
	for name := range byJob {
		names = append(names, name)
	}
	sort.Strings(names)
	var errs []error
	rejected := 0
	for _, name := range names {
		var ids []int64
		if named {
			ids = byJob[name]
		}
		res, err := r.Replay(cmd.Context(), name, ids, reviewer)
		if res.RunID == 0 {
			errs = append(errs, fmt.Errorf("%s: nothing replayed: %w", name, err))
			continue
		}
		a.printReplay(name, res)
		rejected += res.Rejected
		if err != nil {
			errs = append(errs, err)
		}
	}
	if rejected > 0 {
		errs = append(errs, fmt.Errorf("replay: the target rejected %d write(s) again; see steward dlq list", rejected))
	}
	return errors.Join(errs...)
}

// printReplay says what became of every dead letter a replay took up.
func (a *app) printReplay(job string, res jobs.ReplayResult) {
	a.printf("%s: %d dead letter(s) replayed in run %d: %d written, %d rejected again, %d already equal in the target, %d skipped",
		job, res.Taken, res.RunID, res.Written, res.Rejected, res.Unchanged, res.SkippedTotal())
	reasons := make([]string, 0, len(res.Skipped))
	for r, n := range res.Skipped {
		reasons = append(reasons, fmt.Sprintf("%d: %s", n, r))
	}
	sort.Strings(reasons)
	if len(reasons) > 0 {
		a.printf(" (%s)", strings.Join(reasons, "; "))
	}
	if res.Unsent > 0 {
		a.printf(", %d not sent (the run stopped; they stay in the list)", res.Unsent)
	}
	a.printf("\n")
}

// reviewerFromEnv is the reviewer a flag names, else $STEWARD_REVIEWER, else $USER.
func reviewerFromEnv(flag string) string {
	rv := strings.TrimSpace(flag)
	for _, env := range []string{"STEWARD_REVIEWER", "USER"} {
		if rv == "" {
			rv = strings.TrimSpace(os.Getenv(env))
		}
	}
	return rv
}

func deadLetterIDs(args []string) ([]int64, error) {
	var ids []int64
	for _, s := range args {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil || id <= 0 {
			return nil, usage("dead letter id %q is not a positive number", s)
		}
		ids = append(ids, id)
	}
	return ids, nil
}
