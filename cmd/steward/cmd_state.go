package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/mattn/go-isatty"
	"github.com/spf13/cobra"

	"github.com/stewardhq/steward/config"
)

// withJobStore opens the store read-only after checking that job is
// configured.
func (a *app) withJobStore(cmd *cobra.Command, job string, fn func(cursorReader) error) error {
	f, st, err := a.openReadStore(cmd.Context())
	return onJob(f, st, err, job, func(st readStore) error { return fn(st) })
}

// withJobStoreForReset opens the store for writing after checking that job
// is configured.
func (a *app) withJobStoreForReset(cmd *cobra.Command, job string, fn func(stateStore) error) error {
	f, st, err := a.openStore(cmd.Context())
	return onJob(f, st, err, job, func(st writeStore) error { return fn(st) })
}

// onJob runs fn with st, opened with err, when job is configured in f, and
// closes st.
func onJob[S io.Closer](f *config.File, st S, err error, job string, fn func(S) error) error {
	if err != nil {
		return err
	}
	defer st.Close()
	if _, ok := f.Job(job); !ok {
		return usage("no job %q in %s", job, f.Path)
	}
	return fn(st)
}

func (a *app) stateCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:     "state",
		Short:   "Show or reset a job's cursors",
		Example: "  steward state show prices\n  steward state reset prices --yes\n  steward state reset products --stream live --yes",
	}
	cmd.AddCommand(&cobra.Command{
		Use:     "show JOB",
		Short:   "Print a job's stored cursors (live and backfill streams), sorted by stream",
		Example: "  steward state show products",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.withJobStore(cmd, args[0], func(st cursorReader) error {
				cursors, err := st.RawCursors(cmd.Context(), args[0])
				if err != nil {
					return err
				}
				if len(cursors) == 0 {
					a.printf("%s: no state (the next run reads from the beginning)\n", args[0])
					return nil
				}
				tw := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
				fmt.Fprintln(tw, "JOB\tSTREAM\tCURSOR")
				for _, stream := range sortedStreams(cursors) {
					fmt.Fprintf(tw, "%s\t%s\t%s\n", args[0], stream, cursors[stream])
				}
				return tw.Flush()
			})
		},
	})
	cmd.AddCommand(a.stateResetCmd())
	return cmd
}

// sortedStreams lists the live stream first, then the others by name.
func sortedStreams(cursors map[string]string) []string {
	streams := make([]string, 0, len(cursors))
	for s := range cursors {
		streams = append(streams, s)
	}
	slices.SortFunc(streams, func(x, y string) int {
		if (x == "live") != (y == "live") {
			if x == "live" {
				return -1
			}
			return 1
		}
		return strings.Compare(x, y)
	})
	return streams
}

func (a *app) stateResetCmd() *cobra.Command {
	var yes bool
	var stream string
	c := &cobra.Command{
		Use:   "reset JOB",
		Short: "Delete a job's cursors so its next run reads everything again",
		Long: `reset deletes a job's cursors (every stream, or only --stream), so the next
run of the job reads its source from the beginning. It asks before deleting on a
terminal; elsewhere it needs --yes.`,
		Example: "  steward state reset products --yes\n  steward state reset products --stream 'backfill:2026-01-01T00:00:00Z/2026-01-02T00:00:00Z' --yes",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			job := args[0]
			return a.withJobStoreForReset(cmd, job, func(st stateStore) error {
				cursors, err := st.RawCursors(cmd.Context(), job)
				if err != nil {
					return err
				}
				if _, ok := cursors[stream]; stream != "" && !ok {
					return usage("--stream %q: job %s has no such stream (steward state show %s lists them)", stream, job, job)
				}
				what := fmt.Sprintf("every cursor of %s (%d stream(s))", job, len(cursors))
				if stream != "" {
					what = fmt.Sprintf("the %s cursor of %s", stream, job)
				}
				if err := a.confirm(cmd, yes, "Delete "+what+"? The next run reads the source from the beginning."); err != nil {
					return err
				}
				return a.resetState(cmd, st, job, stream)
			})
		},
	}
	c.Flags().BoolVar(&yes, "yes", false, "delete without asking")
	c.Flags().StringVar(&stream, "stream", "", "reset only this stream (live, or a backfill window's)")
	return c
}

func (a *app) resetState(cmd *cobra.Command, st stateStore, job, stream string) error {
	if stream != "" {
		if _, err := st.ResetStream(cmd.Context(), job, stream); err != nil {
			return err
		}
		a.printf("%s: removed the %s cursor\n", job, stream)
		return nil
	}
	n, err := st.ResetState(cmd.Context(), job)
	if err == nil {
		a.printf("%s: removed %d cursor(s)\n", job, n)
	}
	return err
}

// confirm asks question on a terminal; without a terminal it needs --yes.
func (a *app) confirm(cmd *cobra.Command, yes bool, question string) error {
	if yes {
		return nil
	}
	in, ok := cmd.InOrStdin().(*os.File)
	if !ok || !isatty.IsTerminal(in.Fd()) {
		return usage("%s\nrefused: pass --yes to confirm (standard input is not a terminal)", question)
	}
	fmt.Fprintf(a.stderr, "%s [y/N] ", question)
	answer, _ := bufio.NewReader(in).ReadString('\n')
	if a := strings.ToLower(strings.TrimSpace(answer)); a != "y" && a != "yes" {
		return usage("not confirmed; nothing deleted")
	}
	return nil
}
