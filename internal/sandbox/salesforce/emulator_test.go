package salesforce

import (
	"net/http"
	"testing"
	"time"

	"github.com/stewardhq/steward/internal/sandbox"
	"github.com/stewardhq/steward/internal/sandbox/catalog"
)

// The sandbox serves the emulator with its own fault answers.
var (
	_ sandbox.Emulator = (*Emulator)(nil)
	_ sandbox.Shaper   = (*Emulator)(nil)
	_ sandbox.Factory  = func(c *catalog.Catalog) sandbox.Emulator { return Sandbox(c) }
)

func TestSetClockStampsWrites(t *testing.T) {
	f := start(t, 0)
	later := fixedNow.Add(3 * time.Hour)
	f.e.SetClock(func() time.Time { return later })
	f.login(t)
	a := f.call(t, "POST", v+"/sobjects/Account", `{"Name":"Acme"}`)
	expect(t, a, 201, "")
	rec, _ := f.e.Record("Account", decode[saveResult](t, a).ID)
	if !rec["SystemModstamp"].(time.Time).Equal(later) || !rec["CreatedDate"].(time.Time).Equal(later) {
		t.Errorf("stamps %v %v", rec["CreatedDate"], rec["SystemModstamp"])
	}
	if f.e.Name() != "salesforce" {
		t.Errorf("name %q", f.e.Name())
	}
	if d := a.header.Get("Date"); d != later.UTC().Format(http.TimeFormat) {
		t.Errorf("Date %q; want the emulator's clock %v", d, later)
	}
}
