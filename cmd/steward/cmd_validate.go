package main

import (
	"github.com/spf13/cobra"
)

func (a *app) validateCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "validate",
		Short: "Check the config and list every problem with its position",
		Long: `validate reads the config strictly (unknown keys are errors), resolves secret
references, checks every value and each connector's own section, and prints every
problem as file:line:col: key.path: message (hint: …). It exits 2 when any is found.`,
		Example: "  steward validate\n  steward validate --config testdata/steward.example.yaml",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			f, err := a.loadConfig()
			if err != nil {
				return err
			}
			a.printf("%s: ok (%d systems, %d jobs)\n", f.Path, len(f.Systems), len(f.Jobs))
			return nil
		},
	}
}
