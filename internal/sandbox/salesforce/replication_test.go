package salesforce

import (
	"strings"
	"testing"
	"time"
)

// between builds ?start&end for the replication resources.
func between(start, end time.Time) string {
	return "?start=" + start.UTC().Format(time.RFC3339) + "&end=" + end.UTC().Format(time.RFC3339)
}

// TestDeletedWindowTooShort: /deleted/ wants start more than one minute
// before end (whole minutes): a window of one minute or less is 400
// INVALID_REPLICATION_DATE; two minutes are answered.
func TestDeletedWindowTooShort(t *testing.T) {
	f := start(t, 0)
	end := fixedNow
	// 10:29:15 to 10:30:45 is 90 s, but 10:29 to 10:30 in whole minutes.
	for _, span := range []time.Duration{0, 30 * time.Second, time.Minute, time.Minute + 30*time.Second} {
		a := f.call(t, "GET", v+"/sobjects/Account/deleted/"+between(end.Add(45*time.Second-span), end.Add(45*time.Second)), "")
		if a.status != 400 || errorCode(t, a) != "INVALID_REPLICATION_DATE" {
			t.Errorf("span %v: %d %s", span, a.status, a.body)
		}
	}
	if a := f.call(t, "GET", v+"/sobjects/Account/deleted/"+between(end.Add(-2*time.Minute), end), ""); a.status != 200 {
		t.Errorf("two minutes: %d %s", a.status, a.body)
	}
}

// TestDeletedLogPurged: deleted records stay 15 days; a /deleted/ window
// starting before the purge is 400 INVALID_REPLICATION_DATE (do a full
// pull), one within it is answered with earliestDateAvailable at the purge,
// and queryAll no longer sees a purged record.
func TestDeletedLogPurged(t *testing.T) {
	f := start(t, 3)
	ids := f.e.IDs("Account")
	if err := f.e.Delete("Account", ids[0]); err != nil {
		t.Fatal(err)
	}
	f.clock.add(14 * 24 * time.Hour)
	f.login(t)
	now := fixedNow.Add(14 * 24 * time.Hour)
	a := f.call(t, "GET", v+"/sobjects/Account/deleted/"+between(fixedNow.Add(-time.Minute), now), "")
	if a.status != 200 || !strings.Contains(string(a.body), ids[0]) {
		t.Fatalf("within 15 days: %d %s", a.status, a.body)
	}
	f.clock.add(2 * 24 * time.Hour)
	f.login(t)
	now = now.Add(2 * 24 * time.Hour)
	if a := f.call(t, "GET", v+"/sobjects/Account/deleted/"+between(fixedNow.Add(-time.Minute), now), ""); a.status != 400 || errorCode(t, a) != "INVALID_REPLICATION_DATE" {
		t.Fatalf("16 days back, past the purge: %d %s", a.status, a.body)
	}
	a = f.call(t, "GET", v+"/sobjects/Account/deleted/"+between(now.Add(-24*time.Hour), now), "")
	if a.status != 200 || strings.Contains(string(a.body), ids[0]) ||
		!strings.Contains(string(a.body), `"earliestDateAvailable":"`+sfTime(now.Add(-15*24*time.Hour))+`"`) {
		t.Fatalf("after the purge: %d %s", a.status, a.body)
	}
	if a := f.call(t, "GET", v+"/queryAll?q=SELECT+Id+FROM+Account", ""); a.status != 200 || strings.Contains(string(a.body), ids[0]) {
		t.Fatalf("queryAll still sees the purged record: %d %s", a.status, a.body)
	}
}
