package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/mattn/go-isatty"
	"github.com/rs/zerolog"
	"github.com/spf13/cobra"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/internal/store"
	"github.com/stewardhq/steward/jobs"
)

// app is what every command shares: flags, the logger, and lazily the config,
// store and runner.
type app struct {
	configPath string
	logLevel   string
	log        zerolog.Logger
	stderr     io.Writer
	stdout     io.Writer
}

func newRoot() *cobra.Command {
	a := &app{stderr: os.Stderr, stdout: os.Stdout}
	root := &cobra.Command{
		Use:   "steward",
		Short: "Scheduled batch ETL between ERP, CRM and PIM systems",
		Long: `steward runs one extract-transform-load job per data type at its own cadence,
stages into SQLite and Parquet, and writes results back to the target systems.`,
		Example:       "  steward demo\n  steward validate --config steward.yaml\n  steward run prices products",
		SilenceUsage:  true,
		SilenceErrors: true,
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error {
			return a.setup(cmd)
		},
	}
	def := os.Getenv("STEWARD_CONFIG")
	if def == "" {
		def = "./steward.yaml"
	}
	root.PersistentFlags().StringVar(&a.configPath, "config", def, "config file (env STEWARD_CONFIG)")
	root.PersistentFlags().StringVar(&a.logLevel, "log-level", "info", "trace, debug, info, warn or error")
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })
	// Unknown commands and wrong arguments are usage errors (exit 2).
	root.Args = cobra.ArbitraryArgs
	root.RunE = func(cmd *cobra.Command, args []string) error {
		if len(args) > 0 {
			return usage("unknown command %q (see steward --help)", args[0])
		}
		return cmd.Help()
	}
	root.AddCommand(a.runCmd(), a.validateCmd(), a.sandboxCmd(), a.demoCmd(), a.runsCmd(), a.stateCmd(),
		a.dlqCmd(), a.jobsCmd(), a.scheduleCmd(), a.backfillCmd(), a.draftsCmd(), a.reportCmd())
	markArgErrors(root)
	return root
}

// markArgErrors makes every command's argument check return a usage error.
func markArgErrors(c *cobra.Command) {
	for _, sub := range c.Commands() {
		if check := sub.Args; check != nil {
			sub.Args = func(cmd *cobra.Command, args []string) error {
				if err := check(cmd, args); err != nil {
					return usageError{err}
				}
				return nil
			}
		}
		markArgErrors(sub)
	}
}

func (a *app) setup(cmd *cobra.Command) error {
	lvl, err := zerolog.ParseLevel(a.logLevel)
	if err != nil || a.logLevel == "" {
		return usage("--log-level %q: want trace, debug, info, warn or error", a.logLevel)
	}
	a.stdout, a.stderr = cmd.OutOrStdout(), cmd.ErrOrStderr()
	var w io.Writer = a.stderr
	if f, ok := a.stderr.(*os.File); ok && isatty.IsTerminal(f.Fd()) {
		w = zerolog.ConsoleWriter{Out: f, TimeFormat: time.TimeOnly}
	}
	// Runs log from several goroutines; SyncWriter keeps lines whole on any writer.
	a.log = zerolog.New(zerolog.SyncWriter(w)).Level(lvl).With().Timestamp().Logger()
	return nil
}

// loadConfig reads and validates the config, connector sections included.
func (a *app) loadConfig() (*config.File, error) {
	f, err := config.Load(a.configPath, kinds())
	if err != nil {
		return nil, err
	}
	if ps := checkSettings(f); len(ps) > 0 {
		return nil, ps
	}
	return f, nil
}

// runner opens the store and builds a runner; close releases the store.
func (a *app) runner(ctx context.Context) (r *jobs.Runner, closeFn func(), err error) {
	f, err := a.loadConfig()
	if err != nil {
		return nil, nil, err
	}
	st, err := store.Open(ctx, f.Staging.SQLite)
	if err != nil {
		return nil, nil, err
	}
	ex, ld := registries()
	r = &jobs.Runner{Config: f, Store: st, Extractors: ex, Loaders: ld, Log: a.log}
	r.PIMSchema = runnerSchema(r)
	return r, func() { st.Close() }, nil
}

// openStore opens the state database named by the config.
func (a *app) openStore(ctx context.Context) (*config.File, *store.Store, error) {
	f, err := a.loadConfig()
	if err != nil {
		return nil, nil, err
	}
	st, err := store.Open(ctx, f.Staging.SQLite)
	return f, st, err
}

func (a *app) printf(format string, args ...any) { fmt.Fprintf(a.stdout, format, args...) }
