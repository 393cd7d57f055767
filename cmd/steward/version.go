package main

import (
	"runtime/debug"
	"strings"

	"github.com/spf13/cobra"
)

// versionText describes this binary from its build information: the module
// version, the VCS revision and time when built from a checkout, and Go's version.
func versionText() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "unknown (no build information)"
	}
	v := info.Main.Version
	if v == "" {
		v = "(devel)"
	}
	var details []string
	settings := map[string]string{}
	for _, s := range info.Settings {
		settings[s.Key] = s.Value
	}
	if rev := settings["vcs.revision"]; rev != "" {
		if len(rev) > 12 {
			rev = rev[:12]
		}
		if settings["vcs.modified"] == "true" {
			rev += "-dirty"
		}
		details = append(details, rev)
	}
	if t := settings["vcs.time"]; t != "" {
		details = append(details, t)
	}
	details = append(details, info.GoVersion)
	return v + " (" + strings.Join(details, ", ") + ")"
}

func (a *app) versionCmd() *cobra.Command {
	return &cobra.Command{
		Use:     "version",
		Short:   "Print steward's version, VCS revision and Go version",
		Example: "  steward version\n  steward --version",
		Args:    cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			a.printf("steward %s\n", versionText())
			return nil
		},
	}
}
