package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/mattn/go-isatty"
	"github.com/rs/zerolog"
	"github.com/spf13/cobra"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/internal/connector"
	"github.com/stewardhq/steward/internal/scrub"
	"github.com/stewardhq/steward/internal/store"
	"github.com/stewardhq/steward/jobs"
	"github.com/stewardhq/steward/transform"
)

// app is what every command shares: flags, the logger, and lazily the config,
// store and runner.
type app struct {
	configPath string
	logLevel   string
	log        zerolog.Logger
	level      zerolog.Level
	stderr     io.Writer
	stdout     io.Writer
	// scrub learns the configured secrets when the config is read; logs,
	// output, stored errors and the final error pass through it.
	scrub *scrub.Scrubber
	// settings are the systems' settings, decoded once when the config is read.
	settings connector.Settings
	// serving is set by steward serve, the one command that reads the serve
	// section's secrets; the others load a config whose are not set.
	serving bool
}

func newRoot() *cobra.Command {
	a := &app{stderr: os.Stderr, stdout: os.Stdout, scrub: scrub.New()}
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
		a.dlqCmd(), a.jobsCmd(), a.scheduleCmd(), a.backfillCmd(), a.draftsCmd(), a.reportCmd(), a.versionCmd(), a.escalationsCmd())
	root.AddCommand(a.serveCmd())
	root.Version = versionText()
	root.SetVersionTemplate("steward {{.Version}}\n")
	root.AddCommand(a.checkCmd()) // validate --connect
	root.AddCommand(a.privacyCmd())
	markArgErrors(root)
	scrubErrors(root, a.scrub)
	return root
}

func (a *app) setup(cmd *cobra.Command) error {
	lvl, err := zerolog.ParseLevel(a.logLevel)
	if err != nil || a.logLevel == "" {
		return usage("--log-level %q: want trace, debug, info, warn or error", a.logLevel)
	}
	a.stdout, a.stderr = a.scrub.Writer(cmd.OutOrStdout()), cmd.ErrOrStderr()
	a.level = lvl
	a.log = a.logger(a.stderr, a.stderrIsTerminal())
	return nil
}

// stderrIsTerminal reports whether standard error is a terminal.
func (a *app) stderrIsTerminal() bool {
	f, ok := a.stderr.(*os.File)
	return ok && isatty.IsTerminal(f.Fd())
}

// logger writes to w: human-friendly lines on a terminal, JSON otherwise.
func (a *app) logger(w io.Writer, terminal bool) zerolog.Logger {
	if terminal {
		w = zerolog.ConsoleWriter{Out: w, TimeFormat: time.TimeOnly}
	}
	// Runs log from several goroutines; SyncWriter keeps lines whole on any
	// writer. Each event is scrubbed whole, before the console formats it.
	return zerolog.New(zerolog.SyncWriter(a.scrub.PrivateWriter(w))).Level(a.level).With().Timestamp().Logger()
}

// loadConfig reads and validates the config, connector sections and
// secrets included; commands that call the systems use it.
func (a *app) loadConfig() (*config.File, error) {
	if err := a.checkConfigPath(); err != nil {
		return nil, err
	}
	f, err := config.Load(a.configPath, known())
	if err != nil {
		if rest := a.withoutServeSecrets(err); f == nil || rest != nil {
			return nil, rest
		}
	}
	a.scrub.AddConfig(f)
	if err := a.decodeSettings(f); err != nil {
		return nil, err
	}
	if ps := transform.CheckJobs(f, transform.Builtin()); len(ps) > 0 {
		return nil, ps
	}
	return f, nil
}

// loadConfigForReading is loadConfig for commands that only read the state:
// problems with secrets (an unset variable, an unreadable secret file) do not
// concern them, since they call no system.
func (a *app) loadConfigForReading() (*config.File, error) {
	if err := a.checkConfigPath(); err != nil {
		return nil, err
	}
	f, err := config.Load(a.configPath, known())
	if err != nil {
		ps, ok := config.AsProblems(err)
		if !ok || f == nil {
			return nil, err
		}
		if rest := withoutSecretProblems(ps); len(rest) > 0 {
			return nil, rest
		}
	}
	a.scrub.AddConfig(f)
	if err := a.decodeSettings(f); err != nil {
		return nil, err
	}
	return f, nil
}

// decodeSettings decodes every system's settings section with its kind's
// Decode, once per config load, and keeps the values for the runner and the
// probes; any problem is returned as config.Problems.
func (a *app) decodeSettings(f *config.File) error {
	s, ps := connectors().Decode(f)
	if len(ps) > 0 {
		return ps
	}
	a.settings = s
	return nil
}

// secretKeys are the auth keys that hold or name a secret.
var secretKeys = []string{"client_secret", "password", "token", "client_secret_file", "password_file", "token_file"}

func withoutSecretProblems(ps config.Problems) config.Problems {
	var rest config.Problems
	for _, p := range ps {
		parent, key := path.Split(strings.ReplaceAll(p.Path, ".", "/"))
		if strings.HasSuffix(parent, "/auth/") && slices.Contains(secretKeys, key) || parent == "privacy/" || isServeSecret(p.Path) {
			continue
		}
		rest = append(rest, p)
	}
	return rest
}

// checkConfigPath turns a missing or unusable --config into a usage error
// with a hint.
func (a *app) checkConfigPath() error {
	st, err := os.Stat(a.configPath)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return usage("config file %s not found: pass --config PATH or set STEWARD_CONFIG "+
			"(steward demo, or steward sandbox --write-config DIR, writes one to start from)", a.configPath)
	case err != nil:
		return usage("config file %s: %v", a.configPath, unwrapPath(err))
	case st.IsDir():
		return usage("config %s is a folder: pass the config file itself, e.g. --config %s",
			a.configPath, filepath.Join(a.configPath, "steward.yaml"))
	}
	return nil
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
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
	st.SetScrubber(a.scrub)
	var rs runnerStore = st // storeOf relies on it
	r = &jobs.Runner{Config: f, Store: rs, Kinds: connectors(), Settings: a.settings, Log: a.log, Privacy: a.scrub.Pseudonymizer()}
	r.PIMSchema = runnerSchema(r)
	return r, func() { st.Close() }, nil
}

// openStore opens the state database named by the config for writing.
func (a *app) openStore(ctx context.Context) (*config.File, writeStore, error) {
	f, err := a.loadConfig()
	if err != nil {
		return nil, nil, err
	}
	st, err := store.Open(ctx, f.Staging.SQLite)
	if err != nil {
		return f, nil, err
	}
	st.SetScrubber(a.scrub)
	return f, st, nil
}

// openReadStore opens the state database read-only, needing no secrets: for
// commands that only show what is stored. It works on a read-only folder.
func (a *app) openReadStore(ctx context.Context) (*config.File, readStore, error) {
	f, err := a.loadConfigForReading()
	if err != nil {
		return nil, nil, err
	}
	st, err := store.OpenReadOnly(ctx, f.Staging.SQLite)
	if err != nil {
		return f, nil, err // a nil readStore, not one holding a nil *store.Store
	}
	return f, st, nil
}

// withReadStore runs fn with the state opened read-only.
func (a *app) withReadStore(cmd *cobra.Command, fn func(readStore) error) error {
	_, st, err := a.openReadStore(cmd.Context())
	if err != nil {
		return err
	}
	defer st.Close()
	return fn(st)
}

func (a *app) printf(format string, args ...any) { fmt.Fprintf(a.stdout, format, args...) }
