package jobs

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	pq "github.com/parquet-go/parquet-go"
	"github.com/rs/zerolog"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/internal/connector"
	"github.com/stewardhq/steward/internal/privacy"
	"github.com/stewardhq/steward/internal/scrub"
	"github.com/stewardhq/steward/internal/store"
	"github.com/stewardhq/steward/transform"
)

const privacyConfig = `version: 1
staging: {sqlite: DIR/state/s.db, parquet_dir: DIR/parquet, report_dir: DIR/reports}
privacy:
  key: ${STEWARD_PII_KEY}
systems:
  erp: {kind: fakecrm}
  crm: {kind: fakecrm}
jobs:
  - name: customers
    data_type: customers
    cadence: "@daily"
    extract: {system: erp, entity: accounts, mode: full}
    load:
      targets:
        - system: crm
          fields: [name, contact_name, email, phone]
  - name: leads
    data_type: leads
    cadence: "@daily"
    extract: {system: erp, entity: leads, mode: full}
    load:
      targets:
        - system: crm
          fields: [phone, owner]
`

// snapshotText mirrors load/parquet.Row's text columns for a reader.
type snapshotText struct {
	Key     string `parquet:"key"`
	Source  string `parquet:"source"`
	Payload string `parquet:"payload"`
}

// privacyRuns runs the customers and leads jobs twice through the runner,
// wired as cmd wires it (the log through the scrubber's private writer, the
// store's texts through the same scrubber, one pseudonymizer), and returns
// the log, the store and the folder.
func privacyRuns(t *testing.T) (string, *store.Store, string) {
	t.Helper()
	t.Setenv("STEWARD_PII_KEY", "test-pii-key-0123456789")
	kinds := connector.NewRegistry()
	kinds.Register((&crmFake{}).kind())
	dir := t.TempDir()
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
	t.Cleanup(func() { st.Close() })
	st.SetScrubber(sc)
	r := &Runner{Config: f, Store: st, Kinds: kinds, Settings: settings, Log: log, Privacy: sc.Pseudonymizer()}
	for run := range 2 {
		if _, err := r.Run(t.Context(), Request{Job: "customers", Trigger: store.TriggerManual}); err != nil && !strings.Contains(err.Error(), "quarantine") {
			t.Fatalf("customers: %v", err)
		}
		_, err := r.Run(t.Context(), Request{Job: "leads", Trigger: store.TriggerManual})
		switch {
		case run == 0 && (err == nil || !strings.Contains(err.Error(), "page 2")):
			t.Fatalf("leads: %v; want the failing page's error", err)
		case run == 0 && strings.Contains(err.Error(), "Vandermeer"):
			t.Errorf("the run's error carries a personal value: %v", err)
		case run == 1 && err != nil:
			t.Fatalf("leads, second run: %v", err)
		}
	}
	return logs.String(), st, dir
}

// artifactTexts returns every text outside staging: the log, every file
// under the state, Parquet and report folders (Parquet files read as rows;
// the SQLite files of staging left out), and the runs, quarantine and
// dead-letter tables' texts.
func artifactTexts(t *testing.T, logs string, st *store.Store, dir string) map[string]string {
	t.Helper()
	out := map[string]string{"log": logs}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasPrefix(filepath.Base(path), "s.db") || filepath.Base(path) == "steward.yaml" {
			return err
		}
		if strings.HasSuffix(path, ".parquet") {
			rows, err := pq.ReadFile[snapshotText](path)
			if err != nil {
				return err
			}
			var b strings.Builder
			for _, r := range rows {
				b.WriteString(r.Key + "\t" + r.Source + "\t" + r.Payload + "\n")
			}
			out[path] = b.String()
			return nil
		}
		b, err := os.ReadFile(path)
		out[path] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{`SELECT group_concat(error, '|') FROM runs`, `SELECT group_concat(key || reason || CAST(raw AS TEXT) || page, '|') FROM quarantine`,
		`SELECT group_concat(external_id || reason || CAST(payload AS TEXT), '|') FROM dead_letters`} {
		var s *string
		if err := st.DB().GetContext(t.Context(), &s, q); err != nil {
			t.Fatal(err)
		}
		if s == nil {
			t.Fatalf("%s: no rows; the runs must leave some", q)
		}
		out[q] = *s
	}
	return out
}

// TestNoPlantedPersonalDataInAnyArtifact: customers and leads (planted
// names, e-mails, phones, a message) run through the runner with a poisoned
// record (quarantine), a record the transform stage cannot decode, a write
// the target rejects quoting the contact (dead letter, and a connector log
// line), a failing page whose error quotes a lead (run error) and Parquet
// snapshots. No planted value is found in the log, any file outside staging,
// or the runs, quarantine and dead-letter tables; their tokens are, the same
// in both runs.
func TestNoPlantedPersonalDataInAnyArtifact(t *testing.T) {
	logs, st, dir := privacyRuns(t)
	texts := artifactTexts(t, logs, st, dir)
	for where, text := range texts {
		for _, v := range plantedValues() {
			if strings.Contains(text, v) {
				t.Errorf("%s carries %q", where, v)
			}
		}
	}
	key := privacy.New("test-pii-key-0123456789")
	c, l := planted.customers[1], planted.leads[0]
	leadSnaps, _ := filepath.Glob(filepath.Join(dir, "parquet", "leads", "*.parquet"))
	custSnaps, _ := filepath.Glob(filepath.Join(dir, "parquet", "customers", "*.parquet"))
	if len(leadSnaps) != 1 || len(custSnaps) != 1 {
		t.Fatalf("snapshots %v %v; want one of the leads (second run) and one of the customers (first)", leadSnaps, custSnaps)
	}
	runs := texts[`SELECT group_concat(error, '|') FROM runs`]
	dead := texts[`SELECT group_concat(external_id || reason || CAST(payload AS TEXT), '|') FROM dead_letters`]
	// The tokens a fresh pseudonymizer of the key makes are those of both
	// runs: the first run's error and the second run's snapshot of the
	// leads; the first run's dead letter and snapshot of the customers.
	for _, want := range []struct {
		where, text, token string
	}{
		{"runs (run 1)", runs, key.Token(l.Email)},
		{"runs (run 1)", runs, key.Token(l.LastName)},
		{"runs (run 1)", runs, key.Token(planted.pageMail)},
		{"leads snapshot (run 2)", texts[leadSnaps[0]], key.Token(l.Email)},
		{"leads snapshot (run 2)", texts[leadSnaps[0]], key.Token(l.Message)},
		{"dead letters", dead, key.Token(c.Email)},
		{"dead letters", dead, key.Token(c.ContactName)},
		{"customers snapshot", texts[custSnaps[0]], key.Token(c.Email)},
		{"log", texts["log"], key.Token(l.LastName)},
	} {
		if !strings.Contains(want.text, want.token) {
			t.Errorf("%s: token %s missing", want.where, want.token)
		}
	}
	if !strings.Contains(texts["log"], key.Token(c.ContactName)) {
		t.Error("the connector's log line of the rejected contact carries no token")
	}
	if m := regexp.MustCompile(`pii:[0-9a-f]{20}`).FindString(texts["log"]); m == "" {
		t.Error("the log carries no token")
	}
}
