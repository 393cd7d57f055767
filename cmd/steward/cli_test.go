package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/internal/record"
	"github.com/stewardhq/steward/internal/sandbox"
	"github.com/stewardhq/steward/internal/sandbox/fault"
	"github.com/stewardhq/steward/internal/store"
	"github.com/stewardhq/steward/jobs"
)

func openState(t *testing.T, cfg string) *store.Store {
	t.Helper()
	st, err := store.Open(t.Context(), filepath.Join(filepath.Dir(cfg), "state", "steward.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func TestBackfillKeepsLiveWatermarkAndResumes(t *testing.T) {
	t.Parallel()
	sb, cfg := startSandbox(t, 1200, 2)
	if _, code := steward(t, "run", "products", "--config", cfg); code != 0 {
		t.Fatal("live run failed")
	}
	st := openState(t, cfg)
	live, err := st.Cursor(t.Context(), "products", jobs.LiveStream)
	if err != nil {
		t.Fatal(err)
	}
	from := sb.Catalog.Base.Format(time.RFC3339)
	to := sb.Catalog.Base.Add(5 * time.Minute).Format(time.RFC3339)
	out, code := steward(t, "backfill", "products", "--from", from, "--to", to, "--window", "1m", "--dry-run", "--config", cfg)
	if code != 0 || !strings.Contains(out, "5 windows") || !strings.Contains(out, "page requests") {
		t.Fatalf("dry run (exit %d):\n%s", code, out)
	}
	if cs, _ := st.RawCursors(t.Context(), "products"); len(cs) != 1 {
		t.Fatalf("the dry run stored cursors: %v", cs)
	}
	want := 0
	for i := range sb.Catalog.N {
		if u := sb.Catalog.Updated(i); !u.Before(sb.Catalog.Base) && u.Before(sb.Catalog.Base.Add(5*time.Minute)) {
			want++
		}
	}
	if !strings.Contains(out, "total: "+itoa(want)+" records") {
		t.Errorf("dry run does not announce %d records:\n%s", want, out)
	}
	out, code = steward(t, "backfill", "products", "--from", from, "--to", to, "--window", "1m", "--config", cfg)
	if code != 0 || !strings.Contains(out, "read "+itoa(want)+",") {
		t.Fatalf("backfill (exit %d) did not read the %d records of the window:\n%s", code, want, out)
	}
	after, _ := st.Cursor(t.Context(), "products", jobs.LiveStream)
	if !after.Watermark.Equal(live.Watermark) {
		t.Errorf("backfill moved the live watermark from %s to %s", live.Watermark, after.Watermark)
	}
	out, _ = steward(t, "backfill", "products", "--from", from, "--to", to, "--window", "1m", "--config", cfg)
	if !strings.Contains(out, "read 0,") {
		t.Errorf("a finished backfill ran again:\n%s", out)
	}
}

func TestCorruptAndFutureCursor(t *testing.T) {
	t.Parallel()
	_, cfg := startSandbox(t, 300, 2)
	st := openState(t, cfg)
	if err := st.SetRawCursor(t.Context(), "products", jobs.LiveStream, `{"v":1,"watermark":"20`); err != nil {
		t.Fatal(err)
	}
	if _, code := steward(t, "run", "products", "--config", cfg); code != 1 {
		t.Fatalf("a corrupt cursor gave exit %d, want 1", code)
	}
	run := lastRun(t, cfg, "products")
	if !strings.Contains(run.Error, "corrupt cursor") || !strings.Contains(run.Error, "state reset products") || run.Read != 0 {
		t.Errorf("corrupt cursor run: %+v", run)
	}
	future := record.Cursor{Watermark: time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC)}
	if err := st.SetCursor(t.Context(), "products", jobs.LiveStream, future); err != nil {
		t.Fatal(err)
	}
	if _, code := steward(t, "run", "products", "--config", cfg); code != 0 {
		t.Fatal("a future watermark failed the run")
	}
	if run := lastRun(t, cfg, "products"); run.Read != 0 || run.Status != store.StatusSucceeded {
		t.Errorf("future watermark run: %+v", run)
	}
}

func TestRejectedWritesGoToDeadLettersAndReplay(t *testing.T) {
	t.Parallel()
	sb, cfg := startSandbox(t, 600, 4)
	raw, _ := os.ReadFile(cfg)
	broken := strings.Replace(string(raw), "price_attribute: price", "price_attribute: list_price", 1)
	if err := os.WriteFile(cfg, []byte(broken), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, code := steward(t, "run", "prices", "--config", cfg); code != 0 {
		t.Fatal("run with rejects failed as a whole")
	}
	run := lastRun(t, cfg, "prices")
	if run.Rejected != 600 || run.Written != 0 {
		t.Fatalf("want 600 rejected, got %+v", run.Counts)
	}
	out, _ := steward(t, "dlq", "list", "--limit", "1000", "--config", cfg)
	if strings.Count(out, "list_price attribute does not exist") != 600 {
		t.Fatalf("dlq list does not show the PIM's reason for each reject:\n%.500s", out)
	}
	if err := os.WriteFile(cfg, raw, 0o644); err != nil {
		t.Fatal(err)
	}
	out, code := steward(t, "dlq", "replay", "--job", "prices", "--reviewer", "ops-bot", "--config", cfg)
	// The replay writes at once: of the 600 prices only the 10 stale ones differ.
	if code != 0 || !strings.Contains(out, "600 dead letter(s) replayed in run") || !strings.Contains(out, "10 written, 0 rejected again") {
		t.Fatalf("replay (exit %d): %s", code, out)
	}
	if ds, err := openState(t, cfg).DecisionLog(t.Context(), store.DecisionFilter{Action: store.AuditReplay, Reviewer: "ops-bot"}); err != nil || len(ds) != 600 {
		t.Errorf("the replay's audit trail holds %d records by ops-bot (%v), want 600", len(ds), err)
	}
	if stale := len(sb.Akeneo.Writes()); stale != 10 {
		t.Errorf("after replay the PIM saw %d products written; want the 10 stale prices", stale)
	}
	if out, _ := steward(t, "dlq", "list", "--config", cfg); strings.Count(out, "\n") != 1 {
		t.Errorf("dead letters remain after replay:\n%s", out)
	}
	if _, code := steward(t, "run", "prices", "--config", cfg); code != 0 {
		t.Fatal("run after replay failed")
	}
	if run := lastRun(t, cfg, "prices"); run.Written != 0 || run.Rejected != 0 {
		t.Errorf("the run after the replay wrote again: %+v", run.Counts)
	}
}

// TestSecondProcessRefused starts a slow run in a child process and checks
// that a second run of the same job is refused, names the holder, and writes
// nothing.
func TestSecondProcessRefused(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the binary")
	}
	t.Parallel() // the holder and the refused run are this test's own processes
	bin := failpointBinary(t)
	sb, cfg := startSandbox(t, 600, 5)
	sb.AkeneoFaults.Update(&fault.Set{Slow: 300 * time.Millisecond})
	first := exec.Command(bin, "run", "products", "--config", cfg, "--log-level", "error")
	if err := first.Start(); err != nil {
		t.Fatal(err)
	}
	defer first.Process.Kill()
	st := openState(t, cfg)
	waitFor(t, func() bool { r, ok, _ := st.LastRun(t.Context(), "products"); return ok && r.Pages > 0 })
	out, err := exec.Command(bin, "run", "products", "--config", cfg, "--log-level", "error").CombinedOutput()
	if code := exitStatus(err); code != 1 || !strings.Contains(string(out), "products: not started — the job is held by run 1 (pid") ||
		strings.Contains(string(out), "run 0") {
		t.Fatalf("second process: exit %d, output:\n%s", code, out)
	}
	if runs, _ := st.ListRuns(t.Context(), "products", 10); len(runs) != 1 {
		t.Errorf("the refused run left %d run records, want only the holder's", len(runs))
	}
	sb.AkeneoFaults.Update(&fault.Set{})
	if err := first.Wait(); err != nil {
		t.Fatalf("first run: %v", err)
	}
}

// TestSIGTERMStopsAfterThePageInHand runs the scheduler binary, sends SIGTERM
// mid-run and checks that it exits in the grace period with every fetched page
// stored and the run marked partial.
func TestSIGTERMStopsAfterThePageInHand(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the binary")
	}
	t.Parallel() // the signal goes to this test's own child process
	bin := failpointBinary(t)
	sb, cfg := startSandbox(t, 1000, 6)
	st := openState(t, cfg)
	// A run long ago makes the scheduler catch up at once.
	if _, err := st.DB().Exec(`INSERT INTO runs (job, trigger, started_at, ended_at, status) VALUES ('products', 'schedule', '2020-01-01T00:00:00Z', '2020-01-01T00:01:00Z', 'succeeded')`); err != nil {
		t.Fatal(err)
	}
	sb.AkeneoFaults.Update(&fault.Set{Slow: 200 * time.Millisecond})
	cmd := exec.Command(bin, "schedule", "--config", cfg, "--log-level", "error")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	waitFor(t, func() bool { r, _, _ := st.LastRun(t.Context(), "products"); return r.ID > 1 && r.Pages >= 2 })
	start := time.Now()
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("schedule after SIGTERM: %v", err)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("stopping took %s", d)
	}
	run, _, _ := st.LastRun(t.Context(), "products")
	if run.Status != store.StatusPartial || run.Trigger != store.TriggerSchedule || run.Staged != run.Pages*100 {
		t.Errorf("stopped run: %+v; want partial with every fetched page stored", run)
	}
	cur, _ := st.Cursor(t.Context(), "products", jobs.LiveStream)
	if !cur.InPass() {
		t.Errorf("the cursor of the stopped run is not inside its pass: %+v", cur)
	}
	if _, code := steward(t, "run", "products", "--config", cfg); code != 0 {
		t.Fatal("resuming after the stop failed")
	}
	if n, _ := st.CountStaged(t.Context(), "products"); n != 1000 {
		t.Errorf("after resuming: %d staged, want 1000", n)
	}
}

func TestSchedulerRunsInProcessWithoutOverlap(t *testing.T) {
	t.Parallel()
	_, cfgPath := startSandbox(t, 300, 8)
	f, err := config.Load(cfgPath, known())
	if err != nil {
		t.Fatal(err)
	}
	st := openState(t, cfgPath)
	var logs strings.Builder
	r := &jobs.Runner{Config: f, Store: st, Kinds: connectors(), Log: zerolog.New(zerolog.SyncWriter(&logs)).Level(zerolog.InfoLevel)}
	if _, err := st.DB().Exec(`INSERT INTO runs (job, trigger, started_at, ended_at, status) VALUES ('prices', 'schedule', '2020-01-01T00:00:00Z', '2020-01-01T00:01:00Z', 'succeeded')`); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- (&jobs.Scheduler{Runner: r, Grace: 5 * time.Second}).Run(ctx) }()
	waitFor(t, func() bool {
		r, _, _ := st.LastRun(t.Context(), "prices")
		return r.ID > 1 && r.Status != store.StatusRunning
	})
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	run, _, _ := st.LastRun(t.Context(), "prices")
	if run.Trigger != store.TriggerSchedule || run.Status != store.StatusSucceeded || run.Staged != 300 {
		t.Errorf("catch-up run: %+v", run)
	}
	// The catch-up run must not count as another job.
	if want := `"jobs":` + itoa(len(f.Jobs)) + `,`; !strings.Contains(logs.String(), want) || !strings.Contains(logs.String(), `"message":"scheduler started"`) {
		t.Errorf("scheduler start log does not say %d jobs:\n%.600s", len(f.Jobs), logs.String())
	}
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.After(30 * time.Second)
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for !cond() {
		select {
		case <-deadline:
			t.Fatal("condition not met within 30 s")
		case <-tick.C:
		}
	}
}

func exitStatus(err error) int {
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode()
	}
	if err != nil {
		return -1
	}
	return 0
}

func itoa(n int) string { return strconv.Itoa(n) }

// TestSchemaDriftQuarantines changes the type of a field in some pages: the
// records are quarantined with their raw bytes, and the run fails once more
// than 1 % of the stream is bad.
func TestSchemaDriftQuarantines(t *testing.T) {
	t.Parallel()
	sb, cfg := startSandboxWith(t, 1200, 9, sandbox.ConfigOptions{PageSize: 10, Partitions: 1})
	sb.AkeneoFaults.Update(&fault.Set{Path: "products-uuid", Skip: 3, Drift: 1, DriftOld: `"updated":"2026`, DriftNew: `"updated":"yesterday 2026`})
	if _, code := steward(t, "run", "products", "--config", cfg); code != 0 {
		t.Fatal("10 bad records of 1200 (0.8 %) failed the run")
	}
	run := lastRun(t, cfg, "products")
	if run.Quarantined != 10 || run.Staged != 1190 {
		t.Fatalf("run %+v; want 10 quarantined, 1190 staged", run.Counts)
	}
	st := openState(t, cfg)
	var reason string
	if err := st.DB().Get(&reason, `SELECT reason FROM quarantine LIMIT 1`); err != nil || !strings.Contains(reason, `updated "yesterday 2026`) {
		t.Errorf("quarantine reason %q (%v)", reason, err)
	}
	if _, code := steward(t, "state", "reset", "products", "--yes", "--config", cfg); code != 0 {
		t.Fatal("state reset failed")
	}
	sb.AkeneoFaults.Update(&fault.Set{Path: "products-uuid", Drift: 2, DriftOld: `"updated":"2026`, DriftNew: `"updated":"yesterday 2026`})
	if _, code := steward(t, "run", "products", "--config", cfg); code != 1 {
		t.Fatal("20 bad records of 1200 (1.7 %) did not fail the run")
	}
	if run := lastRun(t, cfg, "products"); !strings.Contains(run.Error, "too many records quarantined: 20 of 1200") {
		t.Errorf("run error %q", run.Error)
	}
}

func TestValidateListsEveryProblem(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "steward.yaml")
	bad := "version: 1\nstaging:\n  sqlite: s.db\n  parquet_dir: pq\n  colour: x\nsystems:\n  pim:\n    kind: akeneo\n    base_url: http://pim.example.com\n    auth: {type: basic, username: u, password: literal}\njobs:\n  - name: p\n    data_type: products\n    cadence: \"* * *\"\n    extract: {system: erp, entity: products, mode: incremental}\n"
	if err := os.WriteFile(path, []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	var out, errOut strings.Builder
	root := newRoot()
	root.SetArgs([]string{"validate", "--config", path})
	root.SetOut(&out)
	root.SetErr(&errOut)
	err := root.ExecuteContext(t.Context())
	if code := exitCode(err); code != 2 {
		t.Fatalf("exit %d, want 2", code)
	}
	for _, want := range []string{
		path + `:5:3: staging.colour: unknown key "colour"`,
		path + `:9:5: systems.pim.base_url: plain http is refused`,
		`systems.pim.auth.password: secret is written literally`,
		path + `:14:5: jobs[0].cadence: cadence "* * *"`,
		`jobs[0].extract.system: system "erp" is not defined`,
		`jobs[0].extract.cursor_field: incremental mode needs a cursor_field`,
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("validate output lacks %q:\n%v", want, err)
		}
	}
}

func TestEveryCommandHasHelpWithExample(t *testing.T) {
	t.Parallel()
	root := newRoot()
	cmds := root.Commands()
	for len(cmds) > 0 {
		c := cmds[0]
		cmds = append(cmds[1:], c.Commands()...)
		if c.Name() == "help" || c.Name() == "completion" {
			continue
		}
		if c.Example == "" || c.Short == "" {
			t.Errorf("command %q has no example or short help", c.CommandPath())
		}
	}
}

func TestTokenExpiryMidRun(t *testing.T) {
	t.Parallel()
	sb, cfg := startSandbox(t, 3000, 10)
	sb.AkeneoFaults.Update(&fault.Set{Slow: 20 * time.Millisecond})
	st := openState(t, cfg)
	done := make(chan struct{})
	stop := make(chan struct{})
	go func() {
		// Revoke every token after pages 5 and 15 of the run.
		defer close(done)
		tick := time.NewTicker(10 * time.Millisecond)
		defer tick.Stop()
		expired := 0
		for expired < 2 {
			select {
			case <-stop:
				return
			case <-tick.C:
			}
			if r, ok, _ := st.LastRun(t.Context(), "products"); ok && r.Pages >= 5+10*expired {
				sb.Akeneo.ExpireTokens()
				expired++
			}
		}
	}()
	if _, code := steward(t, "run", "products", "--config", cfg); code != 0 {
		t.Fatal("a run with expiring tokens failed")
	}
	close(stop)
	<-done
	if run := lastRun(t, cfg, "products"); run.Staged != 3000 {
		t.Errorf("run %+v", run.Counts)
	}
	if grants := sb.Akeneo.Calls()["POST /api/oauth/v1/token"]; grants < 2 {
		t.Errorf("token endpoint called %d times; the expiry was not exercised", grants)
	}
}

// TestThrottledOrFailingSourceKeepsState: a Retry-After beyond the cap ends the
// run "partial" and a server failing past the retries ends it "failed"; either
// way the pages stored so far stay, the watermark does not move, and the next
// run finishes the pass.
func TestThrottledOrFailingSourceKeepsState(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name   string
		faults *fault.Set
		status string
	}{
		{"retry-after over the cap", &fault.Set{Path: "products-uuid", Skip: 3, Storm429: 1, RetryAfter: "3600"}, store.StatusPartial},
		{"5xx past the retries", &fault.Set{Path: "products-uuid", Skip: 3, Burst5xx: 1000}, store.StatusFailed},
	} {
		t.Run(c.name, func(t *testing.T) {
			sb, cfg := startSandboxWith(t, 1000, 14, sandbox.ConfigOptions{Generator: "template", Partitions: 1})
			sb.AkeneoFaults.Update(c.faults)
			if _, code := steward(t, "run", "products", "--config", cfg); code != 1 {
				t.Fatalf("exit %d, want 1", code)
			}
			run := lastRun(t, cfg, "products")
			st := openState(t, cfg)
			cur, _ := st.Cursor(t.Context(), "products", jobs.LiveStream)
			if run.Status != c.status || run.Staged != 300 || !cur.InPass() || !cur.Watermark.IsZero() {
				t.Fatalf("run %s %+v, cursor %+v; want %s with the 3 stored pages kept", run.Status, run.Counts, cur, c.status)
			}
			sb.AkeneoFaults.Update(&fault.Set{})
			if _, code := steward(t, "run", "products", "--config", cfg); code != 0 {
				t.Fatal("the next run failed")
			}
			if run := lastRun(t, cfg, "products"); run.Staged != 700 || run.Read != 700 {
				t.Errorf("the next run read %d and staged %d; want the remaining 700 only", run.Read, run.Staged)
			}
		})
	}
}

func TestUsageErrorsExitTwo(t *testing.T) {
	t.Parallel()
	_, cfg := startSandbox(t, 10, 1)
	for _, args := range [][]string{
		{"frobnicate"},
		{"run"},
		{"state", "show"},
		{"backfill", "products", "--to", "2026-01-01"},
		{"backfill", "products", "--from", "yesterday", "--to", "2026-01-01"},
		{"run", "nosuchjob"},
		{"runs", "--limit", "many"},
		{"drafts", "approve"},
	} {
		if _, code := steward(t, append(args, "--config", cfg)...); code != 2 {
			t.Errorf("steward %v exited %d, want 2", args, code)
		}
	}
}
