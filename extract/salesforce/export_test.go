package salesforce

import (
	"time"

	"github.com/stewardhq/steward/extract"
)

// SetNow replaces steward's own clock of x, an *Extractor.
func SetNow(x extract.Extractor, now func() time.Time) { x.(*Extractor).now = now }
