// Package logkey names the structured log fields, so every package logs the
// same thing under the same key.
package logkey

// Field keys.
const (
	Job        = "job"
	Run        = "run"
	System     = "system"
	Stream     = "stream"
	Trigger    = "trigger"
	Status     = "status"
	Page       = "page"
	Attempt    = "attempt"
	Rows       = "rows"
	DurationMS = "duration_ms"
	URL        = "url"
	Method     = "method"
	Bytes      = "bytes"
	Wait       = "wait"
	Cause      = "cause"
	File       = "file"
	SKU        = "sku"
	Reason     = "reason"
	Read       = "read"
	Staged     = "staged"
	Unchanged  = "unchanged"
	Written    = "written"
	Rejected   = "rejected"
	Quarantine = "quarantined"
	Checked    = "checked"
	Passing    = "passing"
	Score      = "score"
	Grade      = "grade"
	HolderRun  = "holder_run"
	HolderPID  = "holder_pid"
	LastRun    = "last_run"
	Jobs       = "jobs"
	Queued     = "queued"
	// Identity resolution (the crosswalk) of a pass.
	Known     = "known"
	Matched   = "matched"
	New       = "new"
	Ambiguous = "ambiguous"
	Unmatched = "unmatched"
	Escalated = "escalated"
	// ExternalID is a write's key in its target.
	ExternalID = "external_id"
)
