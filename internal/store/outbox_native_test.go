package store

import "testing"

// TestOutboxKeepsTheNativeID: a write's native id (the target's own id of
// the crosswalked record) is stored with it and read back with the pending
// write, for the loader to update that record by it.
func TestOutboxKeepsTheNativeID(t *testing.T) {
	s, ctx := open(t), t.Context()
	items := []OutboxItem{
		{Job: "j", Target: "crm", ExternalID: "X1", NativeID: "C1", Hash: "h1", Payload: []byte(`{"city":"Kiel"}`)},
		{Job: "j", Target: "crm", ExternalID: "X2", Hash: "h2", Payload: []byte(`{"city":"Bonn"}`)},
	}
	if err := s.Enqueue(ctx, items); err != nil {
		t.Fatal(err)
	}
	got, err := s.PendingOutbox(ctx, "j", "crm", 0, 10)
	if err != nil || len(got) != 2 {
		t.Fatalf("pending %+v %v", got, err)
	}
	if got[0].NativeID != "C1" || got[1].NativeID != "" {
		t.Errorf("native ids %q, %q; want C1 and none", got[0].NativeID, got[1].NativeID)
	}
}
