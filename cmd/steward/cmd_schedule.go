package main

import (
	"github.com/spf13/cobra"

	"github.com/stewardhq/steward/jobs"
)

func (a *app) scheduleCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "schedule",
		Short: "Run every enabled job at its cadence until stopped",
		Long: `schedule runs unattended: each enabled job at its cron cadence in its time
zone, never two runs of one job at once (in this process or another on the same
state). A run missed while steward was down runs once at start unless the job
sets catch_up: false. SIGINT or SIGTERM stops scheduling; runs in progress store
the page in hand and stop, within scheduler.grace_period. Jobs with an alerts
section notify their channels (webhook, e-mail) of failed or partial runs,
quality drops, dead letters and low quotas, once per event.`,
		Example: "  steward schedule --config /etc/steward/steward.yaml",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			batchGC()
			r, closeFn, err := a.runner(cmd.Context())
			if err != nil {
				return err
			}
			defer closeFn()
			stopAlerts, err := startAlerts(cmd.Context(), r, r.Config.Serve.BaseURL, alertEvery)
			if err != nil {
				return err
			}
			defer stopAlerts()
			s := &jobs.Scheduler{Runner: r, Grace: r.Config.Scheduler.GracePeriod.Std()}
			return s.Run(cmd.Context())
		},
	}
}
