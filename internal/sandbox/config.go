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
	// PIM is the kind of PIM the config reads products from and writes
	// prices and drafts to: akeneo (default), pimcore or salsify.
	PIM string
	// Generator of description drafts (default: the one calling the
	// sandbox's model).
	Generator string
	// Partitions of a products pass read concurrently from the PIM (0: the
	// connector's default; 1 reads one chain, for tests that script faults
	// by request order).
	Partitions int
	// Leads adds scenario 2, lead routing: the HubSpot system, a job
	// staging its companies as accounts, and the leads job routing its
	// contacts (steward demo --scenario leads).
	Leads bool
	// CRM is the kind of CRM the customers and products-to-CRM jobs sync
	// with: hubspot (default), salesforce or dataverse.
	CRM string
}
