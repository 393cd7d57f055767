package main

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"strconv"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/stewardhq/steward/internal/sandbox/catalog"
)

// The CRM crash test runs a one-way customers job (merged with escalation,
// read incrementally in pages of ten) over a pair of emulators, after a
// job that stages the target's accounts (so that the crosswalk links the
// twins and the merge sees the target's version). The sequence is: a first
// run of both jobs; changes (streets moved, accounts deleted and added in
// the source, conflicting streets in the target); a second run; a last
// read of the target. One run is killed: at a page commit (after_fetch,
// mid_tx), once the target took a write-back batch and before the outbox
// knows (before_settle), or at a seeded random time; then it runs again.
// The sequence must end where an uninterrupted one ends: the same staged
// records, reported deletions, crosswalk, synced versions, outbox outcomes,
// dead letters and escalations, one valid Parquet snapshot holding every
// staged record, and the same records in the target, no external id held
// by two of its accounts.
//
// By default each pair runs a sample: a page commit of the source in the
// first run, a page in hand and a write-back in the second, a random kill
// in each. STEWARD_CRASH_KILLS=N runs every hit of every failpoint in both runs
// (parquet_mid_rowgroup too) and N random kills in each.

// crmSystem is a system of the CRM crash test, as the source or the target
// of its customers job.
type crmSystem struct {
	// name is the system's name in the config, kind its connector kind.
	name, kind string
	build      func(*catalog.Catalog) crmEmulator
	// secrets are the credential files the config reads, by file name.
	secrets map[string]string
	// yaml is the system's entry below systems:, its secrets in folder secrets.
	yaml func(name, url, secrets string) string
	// entity and cursor are what the customers job reads from the system.
	entity, cursor string
	// fields are the customer fields the job owns in the system as a target.
	fields []string
	// edit sets the street of catalog account i, remove deletes it and add
	// adds the k-th new account (newAccount), each as a user would.
	edit   func(t *testing.T, e crmEmulator, cat *catalog.Catalog, i int, street string)
	remove func(t *testing.T, e crmEmulator, cat *catalog.Catalog, i int)
	add    func(t *testing.T, e crmEmulator, cat *catalog.Catalog, k int)
	// accounts counts the customer accounts the system holds (deleted ones
	// too where the emulator keeps them); externalIDs lists the external
	// ids of its live accounts.
	accounts    func(*testing.T, crmEmulator) int
	externalIDs func(*testing.T, crmEmulator) []string
	// deletes says the source reports deleted accounts to steward.
	deletes bool
	// volatile names the members of the saved state that a repeated
	// idempotent write may move (a row version counter).
	volatile []string
}

// crmCrash is one pair: a customers job reading source, writing target.
type crmCrash struct {
	name           string
	source, target crmSystem
}

// crmCrashes are the pairs: every system is read by one and written by one.
var crmCrashes = []crmCrash{
	{name: "sap-to-hubspot", source: sapCustomers, target: hubspotCustomers},
	{name: "salesforce-to-sap", source: salesforceCustomers, target: sapCustomers},
	{name: "hubspot-to-dataverse", source: hubspotCustomers, target: dataverseCustomers},
	{name: "dataverse-to-salesforce", source: dataverseCustomers, target: salesforceCustomers},
}

// crmKill is a kill case: in which run of the sequence (1 or 2), and where.
type crmKill struct {
	run int
	crashCase
}

// TestCrashCRMCustomers kills the customers jobs of every pair (see the
// top of this file) and checks that each rerun ends where an uninterrupted
// sequence ends.
func TestCrashCRMCustomers(t *testing.T) {
	if testing.Short() {
		t.Skip("crash test builds and kills the binary")
	}
	// Not parallel: it runs first, its sources and kill cases -parallel at a
	// time each (runAtOnce), and the parallel tests after it; as a parallel
	// test it would start at a random place in their queue, and end the
	// package's run alone.
	bin := failpointBinary(t)
	names := make([]string, len(crmCrashes))
	for i, c := range crmCrashes {
		names[i] = c.name
	}
	// Each pair and each case has its own emulators and state.
	cases := crashSlots()
	runAtOnce(t, crashSlots(), names, func(t *testing.T, i int) {
		if k := unwired(crmCrashes[i]); k != "" {
			t.Fatalf("connector kind %s is not wired (wiring.go)", k)
		}
		crmCrashRecovery(t, bin, crmCrashes[i], cases)
	})
}

// unwired returns a connector kind of c that steward does not wire ("" when
// both are).
func unwired(c crmCrash) string {
	for _, k := range []string{c.source.kind, c.target.kind} {
		if _, err := connectors().Get(k); err != nil {
			return k
		}
	}
	return ""
}

// crmCrashRecovery runs c's sequence uninterrupted, then each kill case,
// and compares each outcome with the uninterrupted one.
func crmCrashRecovery(t *testing.T, bin string, c crmCrash, s slots) {
	ref := newCrashEnv(t, c)
	took, _ := crmSequence(t, bin, c, ref, nil)
	want := observeCRM(t, c, ref)
	if len(want.outbox) == 0 || len(want.staged) < 10*crmCrashPage {
		t.Fatalf("the uninterrupted sequence staged %d records and queued %d writes: the kills would test nothing", len(want.staged), len(want.outbox))
	}
	if len(want.twice) > 0 {
		t.Errorf("after an uninterrupted sequence the target holds several accounts with external ids %v", want.twice)
	}
	if c.source.deletes && len(want.deletions) == 0 {
		t.Errorf("%s reported none of the accounts deleted between the runs", c.source.name)
	}
	var killed atomic.Int32
	kills := crmKills(took)
	names := make([]string, len(kills))
	for i, k := range kills {
		names[i] = k.name
	}
	runAtOnce(t, s, names, func(t *testing.T, i int) {
		crmKillCase(t, bin, c, kills[i], want)
		killed.Add(1)
	})
	if os.Getenv("STEWARD_CRASH_KILLS") != "" {
		killed.Add(int32(crmEveryFailpoint(t, bin, c, want)))
	}
	t.Logf("%d kills recovered; uninterrupted runs %s and %s (pages %v): %d staged, %d deletions, %d writes, %d dead letters, %d escalations, %d accounts in %s",
		killed.Load(), took[0].Round(time.Millisecond), took[1].Round(time.Millisecond), want.pages, len(want.staged), len(want.deletions),
		len(want.outbox), len(want.dead), len(want.escalations), want.accounts, c.target.name)
}

// crmKillCase runs the sequence with kill k and compares its outcome; a
// random kill that came after the run ended is tried again, once, at the
// same share of that run.
func crmKillCase(t *testing.T, bin string, c crmCrash, k crmKill, want crmOutcome) {
	env := newCrashEnv(t, c)
	took, died := crmSequence(t, bin, c, env, &k)
	if !died && k.delay > 0 {
		k.delay = time.Duration(k.frac * float64(took[k.run-1]))
		env = newCrashEnv(t, c)
		_, died = crmSequence(t, bin, c, env, &k)
	}
	if !died {
		t.Fatalf("run %d ended before the kill (%s): the case tested nothing", k.run, k.name)
	}
	compareCRM(t, observeCRM(t, c, env), want)
	checkCustomersParquet(t, env.stateDir(), len(want.staged))
}

// crmEveryFailpoint kills the sequence at every hit of every failpoint in
// both runs, until a hit is past the run's last; it returns the kills.
func crmEveryFailpoint(t *testing.T, bin string, c crmCrash, want crmOutcome) int {
	killed := 0
	for run := 1; run <= 2; run++ {
		for _, fp := range []string{"after_fetch", "mid_tx", "before_settle", "parquet_mid_rowgroup"} {
			for n := 1; ; n++ {
				k := crmKill{run: run, crashCase: crashCase{name: fmt.Sprintf("every/run%d/%s:%d", run, fp, n), failpoint: fmt.Sprintf("%s:%d", fp, n)}}
				died := false
				t.Run(k.name, func(t *testing.T) {
					env := newCrashEnv(t, c)
					if _, died = crmSequence(t, bin, c, env, &k); !died {
						t.Skipf("run %d reaches %s fewer than %d times: each hit is tested", run, fp, n)
					}
					compareCRM(t, observeCRM(t, c, env), want)
					checkCustomersParquet(t, env.stateDir(), len(want.staged))
				})
				if !died {
					break
				}
				killed++
			}
		}
	}
	return killed
}

// crmKills are the sampled kill cases, or with STEWARD_CRASH_KILLS=N
// (beside every failpoint, crmEveryFailpoint) N random kills in each run.
// Random kill times fall between 20 % and 90 % of the run's uninterrupted
// duration (a short run spends its first tens of milliseconds starting).
func crmKills(took [2]time.Duration) []crmKill {
	kills := []crmKill{
		{run: 1, crashCase: crashCase{name: "run1/mid_tx:24", failpoint: "mid_tx:24"}}, // reading the source
		{run: 2, crashCase: crashCase{name: "run2/after_fetch:2", failpoint: "after_fetch:2"}},
		{run: 2, crashCase: crashCase{name: "run2/before_settle:1", failpoint: "before_settle:1"}},
	}
	random := 1
	if v, err := strconv.Atoi(os.Getenv("STEWARD_CRASH_KILLS")); err == nil {
		kills, random = nil, v
	}
	r := rand.New(rand.NewPCG(42, 8))
	for k := range 2 * random {
		run := 1 + k%2
		f := 0.2 + 0.7*r.Float64()
		d := time.Duration(f * float64(took[run-1])).Round(time.Millisecond)
		kills = append(kills, crmKill{run: run, crashCase: crashCase{name: fmt.Sprintf("run%d/random-%d-%s", run, k, d), delay: d, frac: f}})
	}
	return kills
}

// crmSequence runs the first run, the source's changes, the second run
// and a last read of the target on env, killing the run kill names (nil:
// none) and running it again. A run runs customers-target, then customers;
// the last read stages what the second run wrote (a rerun after a kill in
// the write-back reads it already). It returns how long each (last) run
// took and whether the kill happened; a kill that did not happen ends the
// sequence there.
func crmSequence(t *testing.T, bin string, c crmCrash, env *crashEnv, kill *crmKill) ([2]time.Duration, bool) {
	t.Helper()
	var took [2]time.Duration
	died := false
	for run := 1; run <= 2; run++ {
		env.clock.set(crmRun1)
		if run == 2 {
			env.clock.set(crmChange)
			changeBoth(t, c, env)
			env.clock.set(crmRun2)
		}
		if kill != nil && kill.run == run {
			if died, took[run-1] = killCustomers(t, bin, env.cfg, kill.crashCase); !died {
				return took, false
			}
		}
		began := time.Now()
		runJobs(t, bin, env.cfg, run, "customers-target", "customers")
		took[run-1] = time.Since(began)
	}
	runJobs(t, bin, env.cfg, 3, "customers-target")
	return took, died
}

// runJobs runs the jobs in one process, which must succeed.
func runJobs(t *testing.T, bin, cfg string, run int, jobs ...string) {
	t.Helper()
	args := append(append([]string{"run"}, jobs...), "--config", cfg, "--log-level", "error")
	if out, err := exec.Command(bin, args...).CombinedOutput(); err != nil {
		t.Fatalf("run %d of %v failed: %v\n%s", run, jobs, err, out)
	}
}

// killCustomers runs the customers job to be killed at c's failpoint or
// after its delay; it reports whether SIGKILL ended it, and how long it ran.
// A run that ends otherwise must have succeeded.
func killCustomers(t *testing.T, bin, cfg string, c crashCase) (bool, time.Duration) {
	t.Helper()
	cmd := exec.Command(bin, "run", "customers-target", "customers", "--config", cfg, "--log-level", "error")
	cmd.Env = append(os.Environ(), "STEWARD_FAILPOINT="+c.failpoint)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	if c.delay > 0 {
		timer := time.AfterFunc(c.delay, func() { _ = cmd.Process.Kill() })
		defer timer.Stop()
	}
	began := time.Now()
	err := cmd.Wait()
	took := time.Since(began)
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		if ws := ee.Sys().(syscall.WaitStatus); ws.Signaled() && ws.Signal() == syscall.SIGKILL {
			return true, took
		}
	}
	if err != nil {
		t.Fatalf("the run to be killed (%s) failed on its own: %v", c.name, err)
	}
	return false, took
}
