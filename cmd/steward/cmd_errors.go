package main

import (
	"github.com/spf13/cobra"

	"github.com/stewardhq/steward/internal/scrub"
)

// scrubbedError is a command's error whose text has lost every configured
// secret; errors.As and errors.Is still see the original.
type scrubbedError struct {
	err error
	sc  *scrub.Scrubber
}

func (e scrubbedError) Error() string { return e.sc.String(e.err.Error()) }
func (e scrubbedError) Unwrap() error { return e.err }

// scrubErrors makes every command's error print without credentials.
func scrubErrors(c *cobra.Command, sc *scrub.Scrubber) {
	if run := c.RunE; run != nil {
		c.RunE = func(cmd *cobra.Command, args []string) error {
			if err := run(cmd, args); err != nil {
				return scrubbedError{err: err, sc: sc}
			}
			return nil
		}
	}
	for _, sub := range c.Commands() {
		scrubErrors(sub, sc)
	}
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
