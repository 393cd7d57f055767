// Command steward is a scheduled batch ETL pipeline joining ERP, CRM and PIM
// systems. See README.md for the commands.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/stewardhq/steward/config"
)

// Exit codes.
const (
	exitOK     = 0
	exitFailed = 1
	exitUsage  = 2
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	ownProcess = true
	stopProfile, err := startProfile()
	if err == nil {
		err = newRoot().ExecuteContext(ctx)
		stopProfile()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "steward:", err)
	}
	stop()
	os.Exit(exitCode(err))
}

// usageError marks a mistake in how steward was called.
type usageError struct{ error }

func usage(format string, a ...any) error { return usageError{fmt.Errorf(format, a...)} }

func exitCode(err error) int {
	if err == nil {
		return exitOK
	}
	var ue usageError
	if _, ok := config.AsProblems(err); ok || errors.As(err, &ue) {
		return exitUsage
	}
	return exitFailed
}
