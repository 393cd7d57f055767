package sandbox

// ConfigOptions tune the steward.yaml written for a sandbox (by the command
// that starts it, which knows the systems it serves).
type ConfigOptions struct {
	// BaseDelay is the first retry backoff (default 1s; tests use less).
	BaseDelay string
	// Overlap is the incremental overlap window (default 10m).
	Overlap string
	// PageSize of the products job (default 100).
	PageSize int
	// Generator of description drafts: openai (the sandbox model, default) or template.
	Generator string
}

// WithDefaults returns o with every unset option at its default.
func (o ConfigOptions) WithDefaults() ConfigOptions {
	if o.BaseDelay == "" {
		o.BaseDelay = "1s"
	}
	if o.Overlap == "" {
		o.Overlap = "10m"
	}
	if o.PageSize == 0 {
		o.PageSize = 100
	}
	if o.Generator == "" {
		o.Generator = "openai"
	}
	return o
}
