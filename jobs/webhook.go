package jobs

import (
	"context"

	"github.com/stewardhq/steward/internal/store"
)

// Webhook makes one run of job because a webhook asked for it; the run
// history says trigger "webhook". It is the run function of
// internal/trigger (trigger.New(cfg, runner.Webhook, ...)): a held job
// returns the *store.LockError, which the trigger retries after the run that
// holds it; any other error is the run's own failure, already recorded.
func (r *Runner) Webhook(ctx context.Context, job string) error {
	_, err := r.Run(ctx, Request{Job: job, Trigger: store.TriggerWebhook})
	return err
}
