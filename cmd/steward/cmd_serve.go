package main

import (
	"context"
	"errors"
	"fmt"
	"net"

	"github.com/spf13/cobra"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/internal/webauth"
)

func (a *app) serveCmd() *cobra.Command {
	var schedule bool
	c := &cobra.Command{
		Use:   "serve",
		Short: "Serve the web console, /metrics, /healthz, /readyz and webhook triggers",
		Long: `serve runs one process on the state store: the web console (review queue,
escalations, quality, runs, audit trail) behind a login (OIDC or API tokens from
serve:), /metrics for Prometheus, /healthz and /readyz, the jobs' webhook
triggers, and the alert watcher. It listens on serve.listen (default
127.0.0.1:8080; plain HTTP beyond loopback is refused unless serve.tls is set or
insecure_http states a TLS proxy in front) and prints the console's URL.

With --schedule it also runs every enabled job at its cadence, as steward
schedule does. SIGINT or SIGTERM stops accepting requests, lets requests in
flight finish (at most 10 s, then their connections are cut and their handlers
get 5 s more to return), then stops the scheduler as steward schedule does, and
closes the state store last.`,
		Example: "  STEWARD_CONSOLE_TOKEN=$(openssl rand -hex 32) steward serve --schedule --config steward.yaml",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.serve(cmd.Context(), schedule)
		},
	}
	c.Flags().BoolVar(&schedule, "schedule", false, "also run every enabled job at its cadence in this process (steward schedule)")
	return c
}

// serve loads the config with its serve section, builds the runner, the
// console and the operational endpoints, and serves until ctx ends.
func (a *app) serve(ctx context.Context, schedule bool) error {
	a.serving = true
	if schedule {
		batchGC()
	}
	r, closeFn, err := a.runner(ctx)
	if err != nil {
		return err
	}
	closeStore := true
	defer func() {
		// A handler still running would find the store closed under it;
		// the process ends next, and SQLite rolls back what it left open.
		if closeStore {
			closeFn()
		}
	}()
	s, err := a.newServer(r, schedule)
	if errors.Is(err, webauth.ErrNoLogin) {
		return usageError{fmt.Errorf("%w\n\n%s", err, noLoginHint)}
	}
	if err != nil {
		return err
	}
	ln, err := webauth.Listen(r.Config.Serve)
	if err != nil {
		return fmt.Errorf("start the console: %w", err)
	}
	a.printf("steward serve: console at %s (jobs scheduled in this process: %s)\n", consoleURL(r.Config.Serve, ln.Addr()), yesNo(schedule))
	err = s.run(ctx, ln)
	closeStore = !errors.Is(err, errRequestsRunning)
	return err
}

// noLoginHint shows the lines that give an install its first login.
const noLoginHint = `Add an API token to the config (and log in by pasting it on the login page):

serve:
  tokens:
    - name: admin
      token: ${STEWARD_CONSOLE_TOKEN}   # export STEWARD_CONSOLE_TOKEN=$(openssl rand -hex 32)
      role: operator                    # viewer, steward or operator

or an identity provider under serve.oidc (issuer, client_id, client_secret, roles).`

// consoleURL is where a person opens the console: base_url when set, else
// the bound address.
func consoleURL(s config.Serve, addr net.Addr) string {
	if s.BaseURL != "" {
		return s.BaseURL + "/"
	}
	scheme := "http"
	if s.TLS.Enabled() {
		scheme = "https"
	}
	return scheme + "://" + addr.String() + "/"
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}
