package salesforce_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stewardhq/steward/internal/record"
	"github.com/stewardhq/steward/internal/retry"
	"github.com/stewardhq/steward/internal/sandbox/catalog"
	emulator "github.com/stewardhq/steward/internal/sandbox/salesforce"
	"github.com/stewardhq/steward/transform"
)

func emuServer(t *testing.T, e *emulator.Emulator) string {
	srv := httptest.NewServer(e)
	t.Cleanup(srv.Close)
	return srv.URL
}

// TestEmulatorLocatorExpired: the emulator's locators expire after 15
// minutes idle; the resumed pass restarts and delivers every record once.
func TestEmulatorLocatorExpired(t *testing.T) {
	e := newEmulator(t, 40)
	x := build(t, fakeConfig(emuServer(t, e), 10), env)
	var got []string
	var cur record.Cursor
	for p, err := range x.Extract(t.Context(), record.Cursor{}) {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, keys([]record.Page{p})...)
		if cur = p.Cursor; len(got) >= 3*emuPageCap {
			break
		}
	}
	later := time.Now().Add(16 * time.Minute)
	e.SetClock(func() time.Time { return later })
	rest, err := pages(t.Context(), x, cur)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]int{}
	for _, k := range append(got, keys(rest)...) {
		seen[k]++
	}
	if len(seen) != 40 || len(got)+len(keys(rest)) != 40 {
		t.Fatalf("%d distinct of 40 in %d reads", len(seen), len(got)+len(keys(rest)))
	}
}

// TestEmulatorQuota: against an org near its daily allocation the pass
// stops at the reserve with retry.ErrQuotaReserve, and a run resumed from
// the stored state sends nothing; once that figure is older than an hour,
// one GET /limits finds the room again and the run goes on.
func TestEmulatorQuota(t *testing.T) {
	e := newEmulator(t, 60)
	e.SetDailyLimit(100)
	e.SetUsage(86)
	base := emuServer(t, e)
	x := build(t, fakeConfig(base, 10), env)
	ps, err := pages(t.Context(), x, record.Cursor{})
	if !errors.Is(err, retry.ErrQuotaReserve) || len(ps) == 0 {
		t.Fatalf("err %v after %d pages", err, len(ps))
	}
	sent := e.Requests()
	x = build(t, fakeConfig(base, 10), env) // a later run: another process
	if _, err := pages(t.Context(), x, ps[len(ps)-1].Cursor); !errors.Is(err, retry.ErrQuotaReserve) || e.Requests() != sent {
		t.Fatalf("resumed at the reserve: %d more requests, err %v", e.Requests()-sent, err)
	}
	stale := ps[len(ps)-1].Cursor
	stale.State = agedQuota(t, stale.State, 2*time.Hour)
	e.SetUsage(30) // the org's usage dropped since
	x = build(t, fakeConfig(base, 10), env)
	if _, err := pages(t.Context(), x, stale); err != nil || e.Calls()["GET /services/data/v59.0/limits"] != 1 {
		t.Fatalf("a stale figure with room again: %v, %d GET /limits", err, e.Calls()["GET /services/data/v59.0/limits"])
	}
	e.SetUsage(100)
	x = build(t, fakeConfig(base, 10), env)
	_, err = pages(t.Context(), x, record.Cursor{})
	if !errors.Is(err, retry.ErrQuotaReserve) || !strings.Contains(err.Error(), "REQUEST_LIMIT_EXCEEDED") {
		t.Fatalf("at the limit, without a stored state: %v", err)
	}
}

// TestEmulatorDeletions: an incremental pass reports the records deleted
// since its lower bound (the feed works in whole minutes), and the next
// pass reads the feed on from where the last one's answer covered.
func TestEmulatorDeletions(t *testing.T) {
	e := newEmulator(t, 3)
	ids := e.IDs("Account")
	at := time.Now().Add(-5 * time.Minute)
	e.SetClock(func() time.Time { return at })
	if err := e.Delete("Account", ids[1]); err != nil {
		t.Fatal(err)
	}
	e.SetClock(time.Now)
	x := build(t, fakeConfig(emuServer(t, e), 10), env)
	ps, err := pages(t.Context(), x, record.Cursor{Watermark: time.Now().Add(-time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	last := ps[len(ps)-1]
	if len(last.Deleted) != 1 || !strings.HasPrefix(last.Deleted[0].Key, ids[1][:15]) {
		t.Fatalf("deleted %+v, want %s", last.Deleted, ids[1])
	}
	again, err := pages(t.Context(), x, last.Cursor)
	if err != nil || len(again[len(again)-1].Deleted) != 0 || !strings.Contains(last.Cursor.State, `"deleted_until"`) {
		t.Fatalf("next pass: %v, deleted %+v, state %s", err, again[len(again)-1].Deleted, last.Cursor.State)
	}
}

// TestEmulatorSandboxJWT reads the sandbox org's seeded accounts with the
// JWT bearer flow and the sandbox's key.
func TestEmulatorSandboxJWT(t *testing.T) {
	cat := catalog.New(10, 1)
	e := emulator.Sandbox(cat)
	cfg := strings.Replace(fakeConfig(emuServer(t, e), 500), "{type: salesforce_client_credentials, client_id: cid, client_secret: \"${SECRET}\"}",
		fmt.Sprintf("{type: salesforce_jwt, client_id: %s, username: %s, token: \"${KEY}\"}", emulator.SandboxClientID, emulator.SandboxUsername), 1)
	x := build(t, cfg, map[string]string{"KEY": string(e.PrivateKeyPEM())})
	ps, err := pages(t.Context(), x, record.Cursor{})
	if err != nil {
		t.Fatal(err)
	}
	if len(keys(ps)) != cat.Accounts() {
		t.Fatalf("%d accounts, want %d", len(keys(ps)), cat.Accounts())
	}
	var c transform.Customer
	if err := json.Unmarshal(ps[0].Records[0].Payload, &c); err != nil {
		t.Fatal(err)
	}
	a := cat.Account(0)
	if c.ExternalID != a.Number || c.Name != a.Name || c.VATID != a.VATID || c.PostalCode != a.PostalCode || c.Owner == "" {
		t.Fatalf("customer %+v, catalog %+v", c, a)
	}
}

// TestEmulatorSessionExpired: a session ended mid-pass (401
// INVALID_SESSION_ID) is renewed once and the page asked again.
func TestEmulatorSessionExpired(t *testing.T) {
	e := newEmulator(t, 30)
	x := build(t, fakeConfig(emuServer(t, e), 10), env)
	n, all := 0, 0
	for p, err := range x.Extract(t.Context(), record.Cursor{}) {
		if err != nil {
			t.Fatal(err)
		}
		if n++; n == 2 {
			e.ExpireTokens()
		}
		all += len(p.Records)
	}
	if all != 30 {
		t.Fatalf("read %d of 30 across an expired session", all)
	}
}
