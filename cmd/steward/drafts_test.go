package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/rs/zerolog"

	"github.com/stewardhq/steward/internal/sandbox"
	"github.com/stewardhq/steward/internal/sandbox/catalog"
	"github.com/stewardhq/steward/internal/sandbox/fault"
	"github.com/stewardhq/steward/internal/store"
)

// missingDescriptions returns the SKUs of the first n products that lack a
// description (they get description drafts).
func missingDescriptions(sb *sandboxSystems, n int) []string {
	var out []string
	for i := 0; i < sb.Catalog.N && len(out) < n; i++ {
		if sb.Catalog.Defect(i) == catalog.MissingDescription {
			out = append(out, sb.Catalog.SKU(i))
		}
	}
	return out
}

func editConfig(t *testing.T, cfg, old, new string) {
	t.Helper()
	raw, _ := os.ReadFile(cfg)
	if !strings.Contains(string(raw), old) {
		t.Fatalf("config lacks %q", old)
	}
	if err := os.WriteFile(cfg, []byte(strings.Replace(string(raw), old, new, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
}

func descriptionDrafts(t *testing.T, st *store.Store, status string) []store.Draft {
	t.Helper()
	ds, err := st.Drafts(t.Context(), store.DraftFilter{Kind: store.DraftDescription, Status: status})
	if err != nil {
		t.Fatal(err)
	}
	return ds
}

// TestFlaggedDraftsAreNeverPushed is the guardrail: with the sandbox model
// writing malformed answers and product names carrying markup and links, and
// publish: true, "approve --all" approves no flagged draft and says how many it
// skipped, push re-checks what it sends, and the PIM's description ends up
// holding none of the hostile text. A flagged draft goes out only when
// approved by id with an override and a reason.
func TestFlaggedDraftsAreNeverPushed(t *testing.T) {
	sb, cfg := startSandbox(t, 300, 21)
	t.Setenv("STEWARD_REVIEWER", "")
	sb.LLM.SetMalformed(1 << 30)
	skus := missingDescriptions(sb, 4)
	patch(t, sb.AkeneoURL, skus[0], `{"name":[{"locale":"en_US","scope":null,"data":"<script>alert(1)</script>"}]}`)
	patch(t, sb.AkeneoURL, skus[1], `{"name":[{"locale":"en_US","scope":null,"data":"Buy at http://evil.example today"}]}`)
	if _, code := steward(t, "run", "products", "--config", cfg); code != 0 {
		t.Fatal("run failed")
	}
	st := openState(t, cfg)
	flagged := descriptionDrafts(t, st, store.DraftFlagged)
	if len(flagged) == 0 || len(descriptionDrafts(t, st, store.DraftPending)) != 0 {
		t.Fatalf("%d flagged descriptions and some pending; want all flagged with a malformed model", len(flagged))
	}
	out, code := steward(t, "drafts", "approve", "--all", "--reviewer", "ana", "--config", cfg)
	if code != 0 || !strings.Contains(out, fmt.Sprintf("%d flagged draft(s) skipped", len(flagged))) {
		t.Fatalf("approve --all (exit %d) does not say it skipped %d flagged drafts:\n%s", code, len(flagged), out)
	}
	bySKU := map[string]store.Draft{}
	for _, d := range flagged {
		bySKU[d.SKU] = d
	}
	override, planted := bySKU[skus[2]], bySKU[skus[3]]
	id := itoa(int(override.ID))
	if _, code := steward(t, "drafts", "approve", id, "--reviewer", "ana", "--config", cfg); code != 2 {
		t.Errorf("a flagged draft approved by id without --override-flag: exit %d, want 2", code)
	}
	if _, code := steward(t, "drafts", "approve", id, "--override-flag", "--reviewer", "ana", "--config", cfg); code != 2 {
		t.Errorf("an override without --reason: exit %d, want 2", code)
	}
	if _, code := steward(t, "drafts", "approve", id, "--override-flag", "--reason", "offer confirmed", "--reviewer", "ana", "--config", cfg); code != 0 {
		t.Fatal("override approval failed")
	}
	// An approved draft whose text fails today's check (a weaker check passed
	// it) is caught by the re-check before the write.
	if _, err := st.DB().Exec(`UPDATE drafts SET status = 'approved', value = '"Order now at http://evil.example"' WHERE id = ?`, planted.ID); err != nil {
		t.Fatal(err)
	}
	out, code = steward(t, "drafts", "push", "--all", "--config", cfg)
	if code != 0 || !strings.Contains(out, "1 flagged at the re-check") {
		t.Fatalf("push (exit %d):\n%s", code, out)
	}
	for i := range sb.Catalog.N {
		v, _ := sb.Akeneo.Value(sb.Catalog.SKU(i), "description")
		if s := fmt.Sprint(v); strings.Contains(s, "<script") || strings.Contains(s, "evil.example") {
			t.Errorf("the PIM's description of %s holds %q", sb.Catalog.SKU(i), s)
		}
	}
	if v, _ := sb.Akeneo.Value(skus[2], "description"); !strings.Contains(fmt.Sprint(v), "9.99") {
		t.Errorf("the overridden draft was not pushed: %v", v)
	}
	show, _ := steward(t, "drafts", "show", itoa(int(planted.ID)), "--config", cfg)
	if !strings.Contains(show, "(description, flagged)") || !strings.Contains(show, "re-checked before push") {
		t.Errorf("the draft that failed its re-check:\n%s", show)
	}
	if pushed := descriptionDrafts(t, st, store.DraftPushed); len(pushed) != 1 || pushed[0].ID != override.ID {
		t.Errorf("%d description drafts pushed; want only the overridden one", len(pushed))
	}
}

// TestReviewNeedsAReviewerAndRejectAReason: with neither --reviewer nor
// $STEWARD_REVIEWER nor $USER a review is refused (exit 2); a rejection needs
// a reason; ids that do not exist or are pushed refuse an approval (exit 2);
// push refuses drafts that are not approved.
func TestReviewNeedsAReviewerAndRejectAReason(t *testing.T) {
	_, cfg := startSandboxWith(t, 120, 23, sandbox.ConfigOptions{Generator: "template"})
	if _, code := steward(t, "run", "products", "--config", cfg); code != 0 {
		t.Fatal("run failed")
	}
	st := openState(t, cfg)
	ds := descriptionDrafts(t, st, store.DraftPending)
	a, b := itoa(int(ds[0].ID)), itoa(int(ds[1].ID))
	t.Setenv("USER", "")
	t.Setenv("STEWARD_REVIEWER", "")
	if _, code := steward(t, "drafts", "approve", a, "--config", cfg); code != 2 {
		t.Errorf("approval without a reviewer: exit %d, want 2", code)
	}
	if _, code := steward(t, "drafts", "push", a, "--config", cfg); code != 2 {
		t.Errorf("pushing a pending draft: exit %d, want 2", code)
	}
	t.Setenv("STEWARD_REVIEWER", "bob")
	if _, code := steward(t, "drafts", "approve", a, "--config", cfg); code != 0 {
		t.Fatal("approval with $STEWARD_REVIEWER failed")
	}
	if _, code := steward(t, "drafts", "reject", b, "--config", cfg); code != 2 {
		t.Errorf("rejection without a reason: exit %d, want 2", code)
	}
	if _, code := steward(t, "drafts", "reject", b, "--reason", "invents a material", "--config", cfg); code != 0 {
		t.Fatal("rejection failed")
	}
	if show, _ := steward(t, "drafts", "show", a, "--config", cfg); !strings.Contains(show, "reviewer:  bob") {
		t.Errorf("approved draft:\n%s", show)
	}
	if show, _ := steward(t, "drafts", "show", b, "--config", cfg); !strings.Contains(show, "(description, rejected)") || !strings.Contains(show, "review:    invents a material") {
		t.Errorf("rejected draft:\n%s", show)
	}
	if _, code := steward(t, "drafts", "approve", "999999", "--config", cfg); code != 2 {
		t.Errorf("approving an id that does not exist: exit %d, want 2", code)
	}
	if _, code := steward(t, "drafts", "push", a, "--config", cfg); code != 0 {
		t.Fatal("push failed")
	}
	if _, code := steward(t, "drafts", "approve", a, "--config", cfg); code != 2 {
		t.Errorf("approving a pushed draft: exit %d, want 2", code)
	}
}

// TestPushAllPushesEveryApprovedDraft: push --all pages through every approved
// draft (far more than one list page or one PATCH of 100 lines) and reports
// honest totals.
func TestPushAllPushesEveryApprovedDraft(t *testing.T) {
	t.Parallel()
	_, cfg := startSandboxWith(t, 1200, 22, sandbox.ConfigOptions{Generator: "template"})
	if _, code := steward(t, "run", "products", "--config", cfg); code != 0 {
		t.Fatal("run failed")
	}
	st := openState(t, cfg)
	if _, code := steward(t, "drafts", "approve", "--all", "--reviewer", "ana", "--config", cfg); code != 0 {
		t.Fatal("approve failed")
	}
	approved, _ := st.Drafts(t.Context(), store.DraftFilter{Status: store.DraftApproved})
	if len(approved) <= 200 {
		t.Fatalf("only %d approved drafts; the test needs more than two pages", len(approved))
	}
	out, code := steward(t, "drafts", "push", "--all", "--config", cfg)
	want := fmt.Sprintf("%d pushed, 0 rejected (see steward dlq list), 0 flagged at the re-check and not sent, of %d approved", len(approved), len(approved))
	if code != 0 || !strings.Contains(out, want) {
		t.Fatalf("push (exit %d):\n%s\nwant %q", code, out, want)
	}
	if left, _ := st.Drafts(t.Context(), store.DraftFilter{Status: store.DraftApproved}); len(left) != 0 {
		t.Errorf("%d approved drafts left after push --all", len(left))
	}
}

// TestDraftPushDeadLettersReplayAndDiscard: rejected draft pushes exit 1 and
// land in the dead-letter table; "dlq discard" of a draft push rejects its
// draft (issue 6 item 7: a later push must not send it); "dlq replay" writes
// the others at once from the draft's current value, counts a dead letter as
// replayed only once its write settled, and discards with the reason one whose
// draft is no longer approved (it is not sent, and not counted replayed).
func TestDraftPushDeadLettersReplayAndDiscard(t *testing.T) {
	t.Parallel()
	sb, cfg := startSandboxWith(t, 120, 24, sandbox.ConfigOptions{Generator: "template"})
	editConfig(t, cfg, "publish: true", "publish: false")
	editConfig(t, cfg, "attribute: description_draft", "attribute: description_proposal")
	if _, code := steward(t, "run", "products", "--config", cfg); code != 0 {
		t.Fatal("run failed")
	}
	st := openState(t, cfg)
	ds := descriptionDrafts(t, st, store.DraftPending)
	ids := []string{itoa(int(ds[0].ID)), itoa(int(ds[1].ID)), itoa(int(ds[2].ID))}
	if _, code := steward(t, append([]string{"drafts", "approve", "--reviewer", "ana", "--config", cfg}, ids...)...); code != 0 {
		t.Fatal("approve failed")
	}
	out, code := steward(t, "drafts", "push", "--all", "--config", cfg)
	if code != 1 || !strings.Contains(out, "0 pushed, 3 rejected") {
		t.Fatalf("push of rejected drafts (exit %d, want 1):\n%s", code, out)
	}
	list, _ := steward(t, "dlq", "list", "--config", cfg)
	if n := strings.Count(list, "description_proposal attribute does not exist"); n != 3 {
		t.Fatalf("dlq list shows %d rejected draft pushes, want 3:\n%s", n, list)
	}
	dlID := strings.Fields(strings.Split(list, "\n")[1])[0]
	editConfig(t, cfg, "attribute: description_proposal", "attribute: description_draft")
	if _, code := steward(t, "dlq", "discard", dlID, "--reviewer", "ana", "--config", cfg); code != 2 {
		t.Errorf("discard without a reason: exit %d, want 2", code)
	}
	out, code = steward(t, "dlq", "discard", dlID, "--reason", "product retired", "--reviewer", "ana", "--config", cfg)
	if code != 0 || !strings.Contains(out, "1 dead letter(s) discarded") || !strings.Contains(out, "1 draft(s) of discarded draft pushes rejected by ana") {
		t.Fatalf("discard (exit %d): %s", code, out)
	}
	if d, _ := st.Drafts(t.Context(), store.DraftFilter{IDs: []int64{ds[0].ID}}); d[0].Status != store.DraftRejected || d[0].ReviewReason != "product retired" || d[0].Reviewer != "ana" {
		t.Errorf("the draft of the discarded push is %s (%q by %q), want rejected with the discard's reason", d[0].Status, d[0].ReviewReason, d[0].Reviewer)
	}
	if _, code := steward(t, "dlq", "replay", "999999", "--config", cfg); code != 2 {
		t.Errorf("replaying a dead letter that does not exist: exit %d, want 2", code)
	}
	// A reviewer rejects the third draft before the replay: it is not sent.
	if _, code := steward(t, "drafts", "reject", ids[2], "--reviewer", "bo", "--reason", "wrong tone", "--config", cfg); code != 0 {
		t.Fatal("reject failed")
	}
	out, code = steward(t, "dlq", "replay", "--job", "products", "--config", cfg)
	want := "2 dead letter(s) replayed in run "
	skipped := "1 written, 0 rejected again, 0 already equal in the target, 1 skipped (1: the draft is rejected, no longer approved)"
	if code != 0 || !strings.Contains(out, want) || !strings.Contains(out, skipped) {
		t.Fatalf("replay (exit %d):\n%s\nwant %q and %q", code, out, want, skipped)
	}
	if v, ok := sb.Akeneo.Value(ds[1].SKU, "description_draft"); !ok || v == "" {
		t.Errorf("replayed draft of %s is not in description_draft: %v", ds[1].SKU, v)
	}
	for _, d := range []store.Draft{ds[0], ds[2]} {
		if _, ok := sb.Akeneo.Value(d.SKU, "description_draft"); ok {
			t.Errorf("the draft of %s (discarded or rejected) was written", d.SKU)
		}
	}
	var replayed, discarded int
	if err := st.DB().Get(&replayed, `SELECT count(*) FROM dead_letters WHERE replayed_at IS NOT NULL`); err != nil {
		t.Fatal(err)
	}
	if err := st.DB().Get(&discarded, `SELECT count(*) FROM dead_letters WHERE discarded_at IS NOT NULL AND discard_reason LIKE 'the draft is rejected%'`); err != nil {
		t.Fatal(err)
	}
	if replayed != 1 || discarded != 1 {
		t.Errorf("%d dead letters marked replayed (want 1, the one written), %d discarded as no longer approved (want 1)", replayed, discarded)
	}
	if list, _ := steward(t, "dlq", "list", "--config", cfg); strings.Count(list, "\n") != 1 {
		t.Errorf("dead letters left after replay and discard:\n%s", list)
	}
	// Nothing is left to push: the discarded push's draft is rejected.
	out, code = steward(t, "drafts", "push", "--all", "--config", cfg)
	if code != 0 || !strings.Contains(out, "0 pushed, 0 rejected") {
		t.Fatalf("push after replay (exit %d):\n%s", code, out)
	}
	if _, ok := sb.Akeneo.Value(ds[0].SKU, "description_draft"); ok {
		t.Error("push sent the draft whose dead letter was discarded")
	}
}

// TestTransientGeneratorFailureIsDraftedAgain makes the model fail every call:
// nothing is stored as flagged, the run succeeds, each product's failure is
// counted, and the next run drafts every product. With one call at a time the
// circuit breaker opens after exactly 20 failed calls.
func TestTransientGeneratorFailureIsDraftedAgain(t *testing.T) {
	t.Parallel()
	sb, cfg := startSandbox(t, 120, 13)
	editConfig(t, cfg, "concurrency: 4", "concurrency: 1")
	sb.LLMFaults.Update(&fault.Set{Burst5xx: 100000})
	if _, code := steward(t, "run", "products", "--config", cfg); code != 0 {
		t.Fatal("a failing model failed the run")
	}
	st := openState(t, cfg)
	if ds, _ := st.Drafts(t.Context(), store.DraftFilter{Kind: store.DraftDescription}); len(ds) != 0 {
		t.Fatalf("%d description drafts stored from failed generations, want none", len(ds))
	}
	if n, _ := st.CountDraftFailures(t.Context()); n != 30 {
		t.Errorf("%d products wait for another generation, want 30", n)
	}
	if got := sb.LLMFaults.Injected()["5xx"]; got != 20 {
		t.Errorf("%d failed calls reached the model; want exactly 20 (the breaker opens after 20 consecutive failures)", got)
	}
	sb.LLMFaults.Update(&fault.Set{})
	if _, code := steward(t, "run", "products", "--config", cfg); code != 0 {
		t.Fatal("the next run failed")
	}
	if ds := descriptionDrafts(t, st, store.DraftPending); len(ds) != 30 {
		t.Errorf("the next run stored %d pending drafts, want 30", len(ds))
	}
	if n, _ := st.CountDraftFailures(t.Context()); n != 0 {
		t.Errorf("%d failure records left after the drafts were stored", n)
	}
}

// TestHostGuardRefusalFailsTheRun points the model at a server that redirects
// to another host: the refusal is permanent, so the run fails with it after
// one request, and no draft is stored.
func TestHostGuardRefusalFailsTheRun(t *testing.T) {
	t.Parallel()
	sb, cfg := startSandbox(t, 120, 25)
	var hits atomic.Int32
	redirector := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		http.Redirect(w, r, "http://localhost:1/v1/chat/completions", http.StatusTemporaryRedirect)
	}))
	defer redirector.Close()
	editConfig(t, cfg, "base_url: "+sb.LLMURL+"/v1", "base_url: "+redirector.URL+"/v1")
	editConfig(t, cfg, "concurrency: 4", "concurrency: 1")
	if _, code := steward(t, "run", "products", "--config", cfg); code != 1 {
		t.Fatalf("exit %d, want 1", code)
	}
	if run := lastRun(t, cfg, "products"); run.Status != store.StatusFailed || !strings.Contains(run.Error, "refused request to http://localhost:1") {
		t.Errorf("run %s: %q", run.Status, run.Error)
	}
	if n := hits.Load(); n != 1 {
		t.Errorf("the redirecting server got %d requests, want 1", n)
	}
	st := openState(t, cfg)
	if ds, _ := st.Drafts(t.Context(), store.DraftFilter{Kind: store.DraftDescription}); len(ds) != 0 {
		t.Errorf("%d description drafts stored", len(ds))
	}
}

// TestNewerDraftSupersedesTheOlderOnPush changes a product's facts after its
// draft was written: the next run's draft supersedes the first, and approving
// and pushing everything sends only the newer one.
func TestNewerDraftSupersedesTheOlderOnPush(t *testing.T) {
	t.Parallel()
	sb, cfg := startSandboxWith(t, 120, 26, sandbox.ConfigOptions{Generator: "template"})
	if _, code := steward(t, "run", "products", "--config", cfg); code != 0 {
		t.Fatal("run failed")
	}
	st := openState(t, cfg)
	first := descriptionDrafts(t, st, store.DraftPending)[0]
	patch(t, sb.AkeneoURL, first.SKU, `{"name":[{"locale":"en_US","scope":null,"data":"Harbour rain jacket"}]}`)
	if _, code := steward(t, "state", "reset", "products", "--yes", "--config", cfg); code != 0 {
		t.Fatal("reset failed")
	}
	if _, code := steward(t, "run", "products", "--config", cfg); code != 0 {
		t.Fatal("second run failed")
	}
	if _, code := steward(t, "drafts", "approve", "--all", "--reviewer", "ana", "--config", cfg); code != 0 {
		t.Fatal("approve failed")
	}
	if _, code := steward(t, "drafts", "push", "--all", "--config", cfg); code != 0 {
		t.Fatal("push failed")
	}
	var mine []store.Draft
	for _, d := range descriptionDrafts(t, st, "") {
		if d.SKU == first.SKU {
			mine = append(mine, d)
		}
	}
	if len(mine) != 2 || mine[0].Status != store.DraftSuperseded || mine[0].SupersededBy != mine[1].ID || mine[1].Status != store.DraftPushed {
		t.Fatalf("drafts of %s: %+v; want the first superseded by the second, and only the second pushed", first.SKU, mine)
	}
	if v, _ := sb.Akeneo.Value(first.SKU, "description"); !strings.Contains(fmt.Sprint(v), "Harbour rain jacket") {
		t.Errorf("the PIM holds %v, not the newer draft", v)
	}
}

// TestDemoApprovalPushesNoFlaggedDraft runs the demo's own "--approve-all"
// step against a sandbox whose model writes malformed answers and whose
// products carry hostile names: every description draft is flagged, and none
// reaches the PIM, not even one a weaker check had let through as pending
// (planted here): the push's re-check flags it.
func TestDemoApprovalPushesNoFlaggedDraft(t *testing.T) {
	t.Parallel()
	sb, cfg := startSandbox(t, 300, 27)
	sb.LLM.SetMalformed(1 << 30)
	skus := missingDescriptions(sb, 2)
	patch(t, sb.AkeneoURL, skus[0], `{"name":[{"locale":"en_US","scope":null,"data":"<script>alert(1)</script>"}]}`)
	patch(t, sb.AkeneoURL, skus[1], `{"name":[{"locale":"en_US","scope":null,"data":"see evil.example/buy"}]}`)
	if _, code := steward(t, "run", "products", "--config", cfg); code != 0 {
		t.Fatal("run failed")
	}
	st := openState(t, cfg)
	flagged := descriptionDrafts(t, st, store.DraftFlagged)
	if len(flagged) == 0 || len(descriptionDrafts(t, st, store.DraftPending)) != 0 {
		t.Fatalf("%d flagged descriptions and some pending; want all flagged", len(flagged))
	}
	if _, err := st.DB().Exec(`UPDATE drafts SET status = 'pending', value = '"Order at http://evil.example/buy"' WHERE id = ?`, flagged[0].ID); err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	a := &app{configPath: cfg, stdout: &out, stderr: &out, log: zerolog.Nop()}
	r, closeFn, err := a.runner(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	defer closeFn()
	if err := a.approveAndPush(t.Context(), r); err != nil {
		t.Fatal(err)
	}
	if pushed := descriptionDrafts(t, st, store.DraftPushed); len(pushed) != 0 {
		t.Errorf("%d description drafts pushed; every one was flagged", len(pushed))
	}
	for i := range sb.Catalog.N {
		if v, ok := sb.Akeneo.Value(sb.Catalog.SKU(i), "description"); ok && sb.Catalog.Defect(i) == catalog.MissingDescription {
			t.Errorf("a description was pushed for %s: %v", sb.Catalog.SKU(i), v)
		}
	}
}

// TestDraftsListSaysWhatItShows (issue 6 item 31): a list cut by --limit says
// how many it shows of how many match and how to see the rest; --limit 0
// shows every match; a negative limit is a usage error.
func TestDraftsListSaysWhatItShows(t *testing.T) {
	t.Parallel()
	_, cfg := startSandboxWith(t, 120, 5, sandbox.ConfigOptions{Generator: "template"})
	if _, code := steward(t, "run", "products", "--config", cfg); code != 0 {
		t.Fatal("run failed")
	}
	all, err := openState(t, cfg).Drafts(t.Context(), store.DraftFilter{Kind: store.DraftDescription})
	if err != nil || len(all) < 3 {
		t.Fatalf("%d description drafts (%v); want at least 3", len(all), err)
	}
	rows := func(out string) int { return strings.Count(out, "\n") - 2 } // less the header and the count
	out, code := steward(t, "drafts", "list", "--kind", "description", "--limit", "2", "--config", cfg)
	if want := fmt.Sprintf("2 of %d drafts shown", len(all)); code != 0 || rows(out) != 2 || !strings.Contains(out, want) || !strings.Contains(out, "--limit 0") {
		t.Errorf("drafts list --limit 2 (exit %d) does not say %q and how to see all:\n%s", code, want, out)
	}
	out, code = steward(t, "drafts", "list", "--kind", "description", "--limit", "0", "--config", cfg)
	if want := fmt.Sprintf("%d of %d drafts shown", len(all), len(all)); code != 0 || rows(out) != len(all) || !strings.Contains(out, want) || strings.Contains(out, "--limit") {
		t.Errorf("drafts list --limit 0 (exit %d) does not show all %d with %q:\n%s", code, len(all), want, out)
	}
	if _, msg, code := stewardErr(t, "drafts", "list", "--limit", "-1", "--config", cfg); code != 2 || !strings.Contains(msg, "--limit -1") {
		t.Errorf("drafts list --limit -1: exit %d, %q; want 2", code, msg)
	}
}

// TestDraftsShowCurrentValueAndFacts (issue 6 item 31): show puts the staged
// PIM value of the draft's attribute, locale and channel beside the proposal
// ("(empty)" for a missing description), lists the facts a description was
// grounded on, and prints no empty prompt field.
func TestDraftsShowCurrentValueAndFacts(t *testing.T) {
	t.Parallel()
	sb, cfg := startSandboxWith(t, 300, 15, sandbox.ConfigOptions{Generator: "template"})
	if _, code := steward(t, "run", "products", "--config", cfg); code != 0 {
		t.Fatal("run failed")
	}
	st := openState(t, cfg)
	desc, _ := st.Drafts(t.Context(), store.DraftFilter{Kind: store.DraftDescription, Limit: 1})
	corr, _ := st.Drafts(t.Context(), store.DraftFilter{Kind: store.DraftCorrection})
	if len(desc) != 1 || len(corr) == 0 {
		t.Fatalf("drafts: %d descriptions, %d corrections", len(desc), len(corr))
	}
	show, _ := steward(t, "drafts", "show", itoa(int(desc[0].ID)), "--config", cfg)
	var facts map[string]string
	if err := json.Unmarshal([]byte(desc[0].Facts), &facts); err != nil || len(facts) == 0 {
		t.Fatalf("the draft stores no facts: %q", desc[0].Facts)
	}
	wants := []string{"current:   (empty)", "prompt " + desc[0].PromptVersion}
	for k, v := range facts {
		wants = append(wants, k+" = "+v)
	}
	for _, w := range wants {
		if !strings.Contains(show, w) {
			t.Errorf("drafts show of a description lacks %q:\n%s", w, show)
		}
	}
	// A correction proposes a new value for a value the PIM holds: show it.
	var c store.Draft
	var current string
	for _, d := range corr {
		if v, ok := sb.Akeneo.Value(d.SKU, d.Attribute); ok {
			if s, isText := v.(string); isText && s != "" {
				c, current = d, s
				break
			}
		}
	}
	if c.ID == 0 {
		t.Fatal("no correction of a text value")
	}
	show, _ = steward(t, "drafts", "show", itoa(int(c.ID)), "--config", cfg)
	if !strings.Contains(show, "current:   "+strconv.Quote(current)+"\n") || strings.Contains(show, "prompt ,") || strings.Contains(show, "prompt \n") {
		t.Errorf("drafts show of a correction of %q:\n%s", current, show)
	}
}
