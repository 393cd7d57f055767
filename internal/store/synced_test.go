package store

import (
	"path/filepath"
	"testing"
)

// TestSyncedVersionWaitsForTheWrite: the synced version a write carries is
// recorded when the write settles as written or unchanged, or its conflict
// finds the target already holding the values; a write that is pending,
// dead, in conflict, dropped or escalated records none. A write queued again
// as it is, with a newer synced version, carries the newer one.
func TestSyncedVersionWaitsForTheWrite(t *testing.T) {
	st, err := Open(t.Context(), filepath.Join(t.TempDir(), "s.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	item := func(c, synced string) OutboxItem {
		return OutboxItem{Job: "j", Target: "crm", ExternalID: "E-" + c, Hash: "h-" + c, Payload: []byte(`{"a":1}`), RunID: 1,
			CanonicalID: c, Synced: []byte(synced)}
	}
	var items []OutboxItem
	for _, c := range []string{"written", "unchanged", "dead", "conflict", "agreed", "escalated", "pending"} {
		items = append(items, item(c, `{"fields":{"a":1}}`))
	}
	if err := st.Enqueue(t.Context(), items); err != nil {
		t.Fatal(err)
	}
	if err := st.Enqueue(t.Context(), []OutboxItem{item("written", `{"fields":{"a":2}}`)}); err != nil {
		t.Fatal(err)
	}
	pending, err := st.PendingOutbox(t.Context(), "j", "crm", 0, 10)
	if err != nil || len(pending) != 7 {
		t.Fatalf("pending %d %v; want 7", len(pending), err)
	}
	id := map[string]int64{}
	for _, p := range pending {
		id[p.CanonicalID] = p.ID
	}
	settle := []Settle{{ID: id["written"], Status: OutboxWritten}, {ID: id["unchanged"], Status: OutboxUnchanged}, {ID: id["dead"], Status: OutboxDead, Reason: "no"}}
	for _, c := range []string{"conflict", "agreed", "escalated"} {
		settle = append(settle, Settle{ID: id[c], Status: OutboxConflict})
	}
	if err := st.SettleOutbox(t.Context(), 1, settle); err != nil {
		t.Fatal(err)
	}
	outs := []ConflictOutcome{{ID: id["agreed"], Status: OutboxDropped, Agreed: true}, {ID: id["escalated"], Status: OutboxDropped, Reason: "a later write replaces it"}}
	if err := st.SettleConflicts(t.Context(), 1, outs); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"written": `{"fields":{"a":2}}`, "unchanged": `{"fields":{"a":1}}`, "agreed": `{"fields":{"a":1}}`,
		"dead": "", "conflict": "", "escalated": "", "pending": ""}
	for c, w := range want {
		v, ok, err := st.Synced(t.Context(), "j", "crm", c)
		if err != nil || string(v) != w || ok != (w != "") {
			t.Errorf("%s write: synced %q (%v) %v; want %q", c, v, ok, err, w)
		}
	}
}
