package webauth

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"sync"
	"time"
)

// Revocations keeps the sessions that ended before their expiry (a logout),
// so that a copy of an ended session's cookie opens nothing, also after a
// restart. The state store implements it; cmd wires it. Ids are opaque
// digests of the session ids, never the cookies' contents.
type Revocations interface {
	// RevokeSession records that session id ended. The record may be
	// forgotten once expires has passed: the cookie is refused by its own
	// expiry from then on. Revoking an id twice is no error.
	RevokeSession(ctx context.Context, id string, expires time.Time) error
	// SessionRevoked reports whether session id was revoked.
	SessionRevoked(ctx context.Context, id string) (bool, error)
}

// errSessionCheck means the revocations could not be read: the request is
// neither let in nor sent to log in again.
var errSessionCheck = errors.New("the session could not be checked")

// revocationID is what the revocations keep of a session id: a digest, so
// the state store holds nothing a cookie could be rebuilt from.
func revocationID(id string) string {
	h := sha256.Sum256([]byte("steward revoked session\x00" + id))
	return base64.RawURLEncoding.EncodeToString(h[:18])
}

// revoke ends session s now; an error means it could not be recorded and
// the session's cookie still opens the console.
func (g *Guard) revoke(ctx context.Context, s session) error {
	if s.ID == "" {
		return nil
	}
	if err := g.revoked.RevokeSession(ctx, revocationID(s.ID), time.Unix(s.Expires, 0)); err != nil {
		return fmt.Errorf("revoke session: %w", err)
	}
	return nil
}

// isRevoked reports whether session s was logged out.
func (g *Guard) isRevoked(ctx context.Context, s session) (bool, error) {
	ok, err := g.revoked.SessionRevoked(ctx, revocationID(s.ID))
	if err != nil {
		return false, fmt.Errorf("read revoked sessions: %w", err)
	}
	return ok, nil
}

// MaxEnded bounds the logged-out sessions that memoryRevocations remembers
// until they expire.
const MaxEnded = 100_000

// errTooManyEnded is a full memoryRevocations.
var errTooManyEnded = fmt.Errorf("%d logged-out sessions are remembered already", MaxEnded)

// memoryRevocations remembers logged-out sessions in memory, for a guard
// built without a state store (tests, tools): a restart forgets them.
type memoryRevocations struct {
	now func() time.Time
	mu  sync.Mutex
	ids map[string]time.Time // session id digest → its expiry
}

// RevokeSession remembers id until expires, first forgetting what expired;
// errTooManyEnded when MaxEnded live sessions are remembered already.
func (m *memoryRevocations) RevokeSession(_ context.Context, id string, expires time.Time) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.ids == nil {
		m.ids = map[string]time.Time{}
	}
	if len(m.ids) >= MaxEnded {
		now := m.now()
		for k, t := range m.ids {
			if !now.Before(t) {
				delete(m.ids, k)
			}
		}
	}
	if len(m.ids) >= MaxEnded {
		return errTooManyEnded
	}
	m.ids[id] = expires
	return nil
}

// SessionRevoked reports whether id was revoked.
func (m *memoryRevocations) SessionRevoked(_ context.Context, id string) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	_, ok := m.ids[id]
	return ok, nil
}
