package main

import (
	"slices"
	"strings"

	"github.com/stewardhq/steward/config"
)

// oneOf refuses a flag value that is none of allowed (a usage error naming
// the value and the allowed ones); an empty value means "any" and passes.
func oneOf(flag, value string, allowed ...string) error {
	if value == "" || slices.Contains(allowed, value) {
		return nil
	}
	return usage("%s %q: want one of %s", flag, value, strings.Join(allowed, ", "))
}

// checkJob refuses a --job that names no job of the config, listing the jobs
// it has; an empty name means "every job" and passes.
func checkJob(f *config.File, job string) error {
	if _, ok := f.Job(job); job == "" || ok {
		return nil
	}
	names := make([]string, len(f.Jobs))
	for i, j := range f.Jobs {
		names[i] = j.Name
	}
	return usage("--job %q: no such job in %s; want one of %s", job, f.Path, strings.Join(names, ", "))
}
