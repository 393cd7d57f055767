package dataverse_test

import (
	"testing"

	"github.com/stewardhq/steward/extract/extracttest"
)

// TestConformanceFake runs the suite against the connector's own fake,
// with change tracking and in modifiedon mode.
func TestConformanceFake(t *testing.T) {
	t.Run("track_changes", func(t *testing.T) { extracttest.Run(t, harness("track_changes")) })
	t.Run("modifiedon", func(t *testing.T) { extracttest.Run(t, harness("modifiedon")) })
}
