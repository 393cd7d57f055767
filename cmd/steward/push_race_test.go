package main

import (
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/stewardhq/steward/internal/sandbox"
	"github.com/stewardhq/steward/internal/store"
)

// TestRejectRacingAPushIsRefused (issue 6 item 1 review): a reviewer rejects
// a draft while a push is writing it (here: as the PIM receives the write).
// The push claimed the draft before writing, so the reject is refused with a
// message saying a push is writing it; the draft ends pushed, and the push
// counts exactly what it pushed. Without the claim the reject succeeded, the
// rejected draft was written anyway and counted as pushed.
func TestRejectRacingAPushIsRefused(t *testing.T) {
	t.Parallel()
	sb, cfg := startSandboxWith(t, 120, 32, sandbox.ConfigOptions{Generator: "template"})
	if _, code := steward(t, "run", "products", "--config", cfg); code != 0 {
		t.Fatal("run failed")
	}
	st := openState(t, cfg)
	d := descriptionDrafts(t, st, store.DraftPending)[0]
	id := itoa(int(d.ID))
	if _, code := steward(t, "drafts", "approve", id, "--reviewer", "ana", "--config", cfg); code != 0 {
		t.Fatal("approve failed")
	}
	target, _ := url.Parse(sb.AkeneoURL)
	pim := httputil.NewSingleHostReverseProxy(target)
	var once sync.Once
	var rejectMsg string
	rejectCode := -1
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPatch {
			once.Do(func() {
				_, rejectMsg, rejectCode = stewardErr(t, "drafts", "reject", id, "--reviewer", "bo", "--reason", "wrong colour", "--config", cfg)
			})
		}
		pim.ServeHTTP(w, r)
	}))
	defer proxy.Close()
	editConfig(t, cfg, "base_url: "+sb.AkeneoURL, "base_url: "+proxy.URL)
	out, code := steward(t, "drafts", "push", "--all", "--config", cfg)
	if rejectCode != 2 || !strings.Contains(rejectMsg, "being pushed by run") {
		t.Errorf("a reject during the push: exit %d, %q; want 2, saying a push is writing the draft", rejectCode, rejectMsg)
	}
	got, _ := st.Drafts(t.Context(), store.DraftFilter{IDs: []int64{d.ID}})
	if code != 0 || got[0].Status != store.DraftPushed || !strings.Contains(out, "1 pushed") {
		t.Errorf("push (exit %d): %s; the draft is %s, want pushed", code, out, got[0].Status)
	}
}

// TestKilledPushClaimsAreTakenUpByTheNextPush (issue 6 item 1 review): a push
// killed while writing leaves its drafts claimed ("pushing") and its run
// "running". A reject is refused while that run looks alive; the next push
// marks the dead run failed, releases its claims and pushes the drafts.
func TestKilledPushClaimsAreTakenUpByTheNextPush(t *testing.T) {
	t.Parallel()
	sb, cfg := startSandboxWith(t, 120, 35, sandbox.ConfigOptions{Generator: "template"})
	if _, code := steward(t, "run", "products", "--config", cfg); code != 0 {
		t.Fatal("run failed")
	}
	st := openState(t, cfg)
	d := descriptionDrafts(t, st, store.DraftPending)[0]
	id := itoa(int(d.ID))
	if _, code := steward(t, "drafts", "approve", id, "--reviewer", "ana", "--config", cfg); code != 0 {
		t.Fatal("approve failed")
	}
	res, err := st.DB().Exec(`INSERT INTO runs (job, trigger, started_at, status, pid) VALUES ('products', 'manual', '2026-03-01T12:00:00Z', 'running', 999999)`)
	if err != nil {
		t.Fatal(err)
	}
	killed, _ := res.LastInsertId()
	if _, err := st.DB().Exec(`UPDATE drafts SET status = 'pushing', push_run = ? WHERE id = ?`, killed, d.ID); err != nil {
		t.Fatalf("claim the draft for the killed push: %v", err)
	}
	if _, msg, code := stewardErr(t, "drafts", "reject", id, "--reviewer", "bo", "--reason", "x", "--config", cfg); code != 2 || !strings.Contains(msg, "being pushed by run "+itoa(int(killed))) {
		t.Errorf("reject of a claimed draft: exit %d, %q", code, msg)
	}
	out, code := steward(t, "drafts", "push", "--all", "--config", cfg)
	if code != 0 || !strings.Contains(out, "1 pushed") {
		t.Fatalf("the next push (exit %d): %s", code, out)
	}
	if got, _ := st.Drafts(t.Context(), store.DraftFilter{IDs: []int64{d.ID}}); got[0].Status != store.DraftPushed {
		t.Errorf("the killed push's draft is %s, want pushed", got[0].Status)
	}
	if v, ok := sb.Akeneo.Value(d.SKU, "description"); !ok || v == "" {
		t.Errorf("the draft is not in the PIM: %v", v)
	}
}
