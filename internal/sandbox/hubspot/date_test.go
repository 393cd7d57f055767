package hubspot

import (
	"net/http"
	"testing"
	"time"
)

// TestAnswersCarryTheEmulatorsDate: every answer's Date header is the
// emulator's clock (a real portal's is its own), which the connector keeps
// as the time of the daily figure; a refused request carries it too.
func TestAnswersCarryTheEmulatorsDate(t *testing.T) {
	_, srv, clk := start(t, nil)
	clk.Add(90 * time.Minute)
	a := call(t, srv, "GET", "/crm/v3/objects/contacts", "")
	expect(t, a, 200)
	want := fixedNow.Add(90 * time.Minute).Format(http.TimeFormat)
	if got := a.header.Get("Date"); got != want {
		t.Errorf("Date %q, want the emulator's clock %q", got, want)
	}
	clk.Add(time.Hour)
	a = send(t, srv, "GET", "/crm/v3/objects/contacts", "", nil)
	expect(t, a, 401)
	if got, want := a.header.Get("Date"), fixedNow.Add(150*time.Minute).Format(http.TimeFormat); got != want {
		t.Errorf("Date of a 401 %q, want %q", got, want)
	}
}
