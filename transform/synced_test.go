package transform

import (
	"strings"
	"testing"
)

// TestSyncedVersionRidesOnTheWrite: a merge decision that writes carries its
// new synced version on the write (recorded when the target takes it), not
// among the page's synced versions; a decision where both sides already
// agree records its synced version with the page at once.
func TestSyncedVersionRidesOnTheWrite(t *testing.T) {
	s, f := openStore(t), pairConfig(t)
	first := runPage(t, s, f, "customers-crm", customer("C1", "a@x", "Main 1"))
	if len(first.Writes) != 1 || len(first.Synced) != 0 || !strings.Contains(string(first.Writes[0].Synced), `"email":"a@x"`) {
		t.Fatalf("first sync: writes %+v, synced %d; want the synced version on the write only", first.Writes, len(first.Synced))
	}
	if _, ok, err := s.Synced(t.Context(), "customers-crm", "erp", first.Writes[0].CanonicalID); ok || err != nil {
		t.Errorf("synced version stored with the page (%v %v); want none before the write settles", ok, err)
	}
	agreed := runPage(t, s, f, "customers-erp", customer("E1", "a@x", "Main 1"))
	if len(agreed.Writes) != 0 || len(agreed.Synced) != 1 {
		t.Errorf("agreeing record: writes %+v, synced %d; want no write and the synced version at once", agreed.Writes, len(agreed.Synced))
	}
}
