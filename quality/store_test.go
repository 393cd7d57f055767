package quality

import "github.com/stewardhq/steward/internal/store"

// The SQLite store implements what a report is made from.
var _ ReportStore = (*store.Store)(nil)
