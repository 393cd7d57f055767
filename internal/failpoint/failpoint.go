//go:build !failpoints

// Package failpoint marks named points where the crash tests kill the process.
// In normal builds Hit does nothing and costs nothing; builds with the
// "failpoints" tag read STEWARD_FAILPOINT=name:n and SIGKILL the process on the
// n-th time the point is reached.
package failpoint

// Hit marks a failpoint. It is a no-op outside test builds.
func Hit(string) {}

// Enabled reports whether failpoints are compiled in.
const Enabled = false
