package jobs

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rs/zerolog"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/internal/connector"
	"github.com/stewardhq/steward/internal/scrub"
	"github.com/stewardhq/steward/internal/store"
	"github.com/stewardhq/steward/load"
	"github.com/stewardhq/steward/transform"
)

// TestReplayInANewProcessLeavesNoPersonalValueInTheLog: a dead letter
// replayed by a later process (steward dlq replay) is written again; the
// target rejects it again, quoting its contact, and the connector logs that
// reason. That process read no page, so it learned no personal value: the
// contact's name must still not reach the log in plain text.
func TestReplayInANewProcessLeavesNoPersonalValueInTheLog(t *testing.T) {
	_, first, dir := privacyRuns(t)
	first.Close()
	kinds := connector.NewRegistry()
	kinds.Register((&crmFake{}).kind())
	f, err := config.Parse(filepath.Join(dir, "steward.yaml"), []byte(strings.ReplaceAll(privacyConfig, "DIR", dir)), kinds.Known(transform.Builtin()), os.LookupEnv)
	if err != nil {
		t.Fatal(err)
	}
	settings, _ := kinds.Decode(f)
	sc := scrub.New()
	sc.AddConfig(f)
	var logs bytes.Buffer
	log := zerolog.New(zerolog.SyncWriter(sc.PrivateWriter(&logs))).Level(zerolog.DebugLevel)
	st, err := store.Open(t.Context(), f.Staging.SQLite)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	st.SetScrubber(sc)
	r := &Runner{Config: f, Store: st, Kinds: kinds, Settings: settings, Log: log, Privacy: sc.Pseudonymizer()}
	res, err := r.Replay(t.Context(), "customers", nil, "ana")
	if err != nil {
		t.Fatalf("replay: %v", err)
	}
	if res.Taken == 0 {
		t.Fatal("the replay took up no dead letter")
	}
	if ds, err := st.DecisionLog(t.Context(), store.DecisionFilter{Action: store.AuditReplay}); err != nil || len(ds) != res.Taken || ds[0].Reviewer != "ana" {
		t.Errorf("the replay's audit records: %+v %v, want %d by ana", ds, err, res.Taken)
	}
	c := planted.customers[1]
	for _, v := range []string{c.ContactName, c.Email} {
		if strings.Contains(logs.String(), v) {
			t.Errorf("the replay's log carries %q:\n%s", v, logs.String())
		}
	}
}

// lockedLoader fails every batch with an error quoting a contact.
type lockedLoader struct{}

func (lockedLoader) Write(_ context.Context, items []load.Item) ([]load.Outcome, error) {
	var name string
	for _, it := range items {
		_ = json.Unmarshal(it.Fields["contact_name"], &name)
	}
	return nil, fmt.Errorf("crm refused the batch: account of %s is locked", name)
}

// TestReplayErrorCarriesNoPersonalValue: a replay (a manual run) whose
// batch fails with an error quoting a contact returns that error to the
// command, which prints it on standard error: the returned error, like the
// run history's, carries the token.
func TestReplayErrorCarriesNoPersonalValue(t *testing.T) {
	_, first, dir := privacyRuns(t)
	first.Close()
	kinds := connector.NewRegistry()
	k := (&crmFake{}).kind()
	k.Load = func(load.Spec) (load.Loader, error) { return lockedLoader{}, nil }
	kinds.Register(k)
	f, err := config.Parse(filepath.Join(dir, "steward.yaml"), []byte(strings.ReplaceAll(privacyConfig, "DIR", dir)), kinds.Known(transform.Builtin()), os.LookupEnv)
	if err != nil {
		t.Fatal(err)
	}
	settings, _ := kinds.Decode(f)
	sc := scrub.New()
	sc.AddConfig(f)
	st, err := store.Open(t.Context(), f.Staging.SQLite)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	st.SetScrubber(sc)
	r := &Runner{Config: f, Store: st, Kinds: kinds, Settings: settings, Log: zerolog.Nop(), Privacy: sc.Pseudonymizer()}
	_, err = r.Replay(t.Context(), "customers", nil, "ana")
	c := planted.customers[1]
	if err == nil || !strings.Contains(err.Error(), "is locked") {
		t.Fatalf("replay: %v; want the batch's error", err)
	}
	if strings.Contains(err.Error(), c.ContactName) {
		t.Errorf("the replay's error carries %q: %v", c.ContactName, err)
	}
}
