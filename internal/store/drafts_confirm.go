package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/jmoiron/sqlx"
)

// What a bulk decision takes: approval the pending drafts of a selection,
// rejection the open ones, and the drafts a push run that is no longer
// running left claimed (the rejection releases them first).
const (
	approvableInBulk = `status = 'pending'`
	rejectableInBulk = `(status IN ('pending', 'approved', 'flagged') OR (status = 'pushing' AND push_run NOT IN (SELECT id FROM runs WHERE status = 'running')))`
)

// SelectionDigest fingerprints the drafts a bulk decision on f's selection
// would take now (action "approve" or "reject"; f's status, paging and limit
// are ignored): a digest of their ids, and how many there are. A reviewer
// confirms a bulk decision on this digest, and ApproveConfirmed or
// RejectConfirmed act only while the selection still holds exactly those
// drafts.
func (s *Store) SelectionDigest(ctx context.Context, f DraftFilter, action string) (string, int, error) {
	taken, err := bulkStatuses(action)
	if err != nil {
		return "", 0, err
	}
	ids, err := selectionIDs(ctx, s.db, f, taken)
	if err != nil {
		return "", 0, fmt.Errorf("digest a selection: %w", err)
	}
	return idsDigest(ids), len(ids), nil
}

func bulkStatuses(action string) (string, error) {
	switch action {
	case "approve":
		return approvableInBulk, nil
	case "reject":
		return rejectableInBulk, nil
	}
	return "", fmt.Errorf("digest a selection: %q is not a bulk action (approve, reject)", action)
}

// idsDigest is the digest of a selection's ids.
func idsDigest(ids []int64) string {
	h, buf := sha256.New(), make([]byte, 0, 24)
	for _, id := range ids {
		buf = append(strconv.AppendInt(buf[:0], id, 10), ',')
		h.Write(buf)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// selectionIDs lists, by id, the drafts of f's selection (status, paging,
// limit and ids ignored) that the condition taken (approvableInBulk or
// rejectableInBulk) holds for.
func selectionIDs(ctx context.Context, q sqlx.QueryerContext, f DraftFilter, taken string) ([]int64, error) {
	f.Status, f.AfterID, f.Limit, f.IDs = "", 0, 0, nil
	where, args := f.where()
	ids := []int64{}
	if err := sqlx.SelectContext(ctx, q, &ids, `SELECT id FROM drafts WHERE `+where+` AND `+taken+` ORDER BY id`, args...); err != nil {
		return nil, err
	}
	return ids, nil
}

// checkDigest refuses, with a *SelectionError, a bulk decision whose
// selection (ids, as selectionIDs read them in its transaction) no longer
// holds exactly the drafts confirmed (digest); an empty digest checks
// nothing (the CLI's --all).
func checkDigest(ids []int64, digest string) error {
	if digest == "" || idsDigest(ids) == digest {
		return nil
	}
	return &SelectionError{Problems: []string{fmt.Sprintf(
		"the selection changed since it was confirmed (it now holds %d draft(s) to decide): nothing was changed; review it and confirm again", len(ids))}}
}

// ApproveConfirmed approves the pending drafts of f's selection as
// ApproveSelection does, but only while they are exactly the drafts the
// reviewer confirmed (digest, from SelectionDigest with "approve"): a draft
// that joined the selection since is never approved unseen. A changed
// selection is a *SelectionError and nothing changes.
func (s *Store) ApproveConfirmed(ctx context.Context, f DraftFilter, digest string, r Review) (approved, skippedFlagged int64, err error) {
	if digest == "" {
		return 0, 0, fmt.Errorf("approve drafts: no confirmed selection")
	}
	return s.approveSelection(ctx, f, digest, r)
}

// RejectConfirmed rejects the open drafts of f's selection as
// RejectSelection does, but only while they are exactly the drafts the
// reviewer confirmed (digest, from SelectionDigest with "reject").
func (s *Store) RejectConfirmed(ctx context.Context, f DraftFilter, digest string, r Review) (rejected, beingPushed int64, err error) {
	if digest == "" {
		return 0, 0, fmt.Errorf("reject drafts: no confirmed selection")
	}
	return s.rejectSelection(ctx, f, digest, r)
}

// idList is ids as a JSON array, for the audit row of a bulk decision: the
// drafts it decided, read in its transaction before its update.
func idList(ids []int64) string {
	b, _ := json.Marshal(ids)
	return string(b)
}
