package store

import (
	"path/filepath"
	"testing"
)

// A system's state is kept by system and key, replaced by a later save, and
// read back by another open of the store.
func TestSystemStateKeptPerSystem(t *testing.T) {
	path := filepath.Join(t.TempDir(), "s.db")
	s, err := Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	if v, err := s.SystemState(t.Context(), "crm", "salesforce.quota"); err != nil || v != "" {
		t.Fatalf("unset: %q, %v", v, err)
	}
	for _, v := range []string{`{"used":1}`, `{"used":2}`} {
		if err := s.SetSystemState(t.Context(), "crm", "salesforce.quota", v); err != nil {
			t.Fatal(err)
		}
	}
	_ = s.SetSystemState(t.Context(), "other", "salesforce.quota", `{"used":9}`)
	s.Close()
	s, err = Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if v, _ := s.SystemState(t.Context(), "crm", "salesforce.quota"); v != `{"used":2}` {
		t.Fatalf("crm's state %q; want the last save", v)
	}
}
