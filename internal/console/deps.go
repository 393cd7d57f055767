package console

import (
	"context"

	"github.com/stewardhq/steward/internal/store"
	"github.com/stewardhq/steward/transform"
)

// ReviewStore is what the review queue reads and decides drafts through.
// Every decision method records its audit row in the decision's own
// transaction.
type ReviewStore interface {
	Drafts(ctx context.Context, f store.DraftFilter) ([]store.Draft, error)
	DraftStatusCounts(ctx context.Context, f store.DraftFilter) (map[string]int, error)
	ApproveIDs(ctx context.Context, ids []int64, r store.Review) (int64, error)
	RejectIDs(ctx context.Context, ids []int64, r store.Review) (int64, error)
	EditDraft(ctx context.Context, id int64, value string, r store.Review) error
	// SelectionDigest fingerprints what a bulk decision would take now; the
	// confirmation page carries it, and ApproveConfirmed and RejectConfirmed
	// refuse a selection that no longer holds exactly those drafts.
	SelectionDigest(ctx context.Context, f store.DraftFilter, action string) (string, int, error)
	ApproveConfirmed(ctx context.Context, f store.DraftFilter, digest string, r store.Review) (approved, skippedFlagged int64, err error)
	RejectConfirmed(ctx context.Context, f store.DraftFilter, digest string, r store.Review) (rejected, beingPushed int64, err error)
	// GetRun and StagedPayload find a draft's current value: the product
	// its run's job staged.
	GetRun(ctx context.Context, id int64) (store.Run, error)
	StagedPayload(ctx context.Context, dataType, source, key string) ([]byte, bool, error)
}

// EscalationStore is what the escalations pages read and decide through;
// transform.Plan reads the rest (staged records, synced versions, links).
type EscalationStore interface {
	transform.ResolveStore
	EscalationPage(ctx context.Context, f store.EscalationPageFilter) ([]store.Escalation, error)
	GetEscalation(ctx context.Context, id int64) (store.Escalation, error)
	Decide(ctx context.Context, d store.Decision) error
}

// AuditStore lists the recorded decisions.
type AuditStore interface {
	DecisionLog(ctx context.Context, f store.DecisionFilter) ([]store.DecisionRecord, error)
}
