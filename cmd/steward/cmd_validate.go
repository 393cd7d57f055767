package main

import (
	"context"
	"errors"
	"os"

	"github.com/spf13/cobra"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/quality"
	"github.com/stewardhq/steward/transform"
)

func (a *app) validateCmd() *cobra.Command {
	var connect bool
	c := &cobra.Command{
		Use:   "validate",
		Short: "Check the config and list every problem with its position",
		Long: `validate reads the config strictly (unknown keys are errors), resolves secret
references, checks every value and each connector's own section, compiles every
rules file, and checks that the state, snapshot and report folders are writable.
It prints every problem as file:line:col: key.path: message (hint: …) and exits 2
when any is found. Allowed but weaker settings (TLS 1.2) are printed as warnings.

With --connect it then runs every system's own connection check, as its kind
defines it: the token grant and one cheap read (a PIM's channels, each OData
entity set with $top=1, the model list of an OpenAI-compatible server), one line
per system, and reports rules that name attributes, locales or channels the PIM
does not have. It exits 1 when any fails.`,
		Example: "  steward validate\n  steward validate --config testdata/steward.example.yaml\n  steward validate --connect",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.validate(cmd.Context(), connect)
		},
	}
	c.Flags().BoolVar(&connect, "connect", false, "also test each system's credentials and endpoints")
	return c
}

// checkCmd is validate --connect under the name other tools use.
func (a *app) checkCmd() *cobra.Command {
	return &cobra.Command{
		Use:     "check",
		Short:   "Validate the config and test every system's credentials and endpoints",
		Long:    "check is steward validate --connect.",
		Example: "  steward check --config steward.yaml",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.validate(cmd.Context(), true)
		},
	}
}

func (a *app) validate(ctx context.Context, connect bool) error {
	f, err := config.Load(a.configPath, known())
	ps, isProblems := config.AsProblems(err)
	if err != nil && (!isProblems || f == nil) {
		return err
	}
	// The console's secrets are exported where steward serve runs, maybe not here.
	serveOnly, ps := splitServeSecrets(ps)
	if len(ps) == 0 {
		a.settings, ps = connectors().Decode(f)
		ps = append(ps, transform.CheckJobs(f, transform.Builtin())...)
	}
	ps = append(ps, rulesProblems(f)...)
	ps = append(ps, f.CheckFolders()...)
	if len(ps) > 0 {
		return ps
	}
	for _, w := range f.Warnings() {
		a.printf("warning: %s\n", w.Error())
	}
	for _, p := range serveOnly {
		a.printf("warning: %s (steward serve refuses to start until it is fixed)\n", p.Error())
	}
	a.printf("%s: ok (%d systems, %d jobs)\n", f.Path, len(f.Systems), len(f.Jobs))
	if !connect {
		return nil
	}
	return a.connect(ctx, f)
}

// rulesProblems compiles every rules file the jobs name, once each. A file
// that cannot be read was already reported by the config check.
func rulesProblems(f *config.File) config.Problems {
	var ps config.Problems
	seen := map[string]bool{}
	for _, j := range f.Jobs {
		path := f.RulesPath(j)
		if path == "" || seen[path] {
			continue
		}
		seen[path] = true
		if _, err := os.Stat(path); err != nil {
			continue
		}
		if _, err := quality.LoadRules(path); err != nil {
			var rps config.Problems
			if !errors.As(err, &rps) {
				rps = config.Problems{{File: path, Msg: err.Error(), Hint: "point quality.rules at a readable rules file"}}
			}
			ps = append(ps, rps...)
		}
	}
	return ps
}
