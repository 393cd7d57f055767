package odata_test

import (
	"strings"
	"testing"

	"github.com/stewardhq/steward/load"
)

// TestNameLinesOverEmulator: against the SAP emulator, a long name is
// split over OrganizationBPName1 and 2 at a word boundary (the emulator
// refuses lines over 40) and a rerun is unchanged, also for a first word
// longer than a line (cut inside it); a name that cannot fit two lines of
// 40 is rejected with the reason, and a short name empties line 2.
func TestNameLinesOverEmulator(t *testing.T) {
	e := newEnv(t, "name")
	ext := e.cat.Account(2).Number
	long := "Norddeutsche Maschinenbau und Anlagentechnik Vertriebsgesellschaft mbH" // 71 characters
	short := "Nord GmbH"
	for _, c := range []struct{ name, status string }{
		{long, load.Written}, {long, load.Unchanged}, {"  " + strings.ReplaceAll(long, " ", "  "), load.Unchanged},
		{strings.Repeat("Wort ", 17), load.Rejected}, {short, load.Written}, {short, load.Unchanged},
		{strings.Repeat("X", 45) + " GmbH", load.Written}, {strings.Repeat("X", 45) + " GmbH", load.Unchanged},
	} {
		outs, err := e.loader.Write(t.Context(), []load.Item{item(1, ext, "name", c.name)})
		if err != nil {
			t.Fatal(err)
		}
		if outs[0].Status != c.status {
			t.Fatalf("%q: %s %s, want %s", c.name, outs[0].Status, outs[0].Reason, c.status)
		}
		if c.status == load.Rejected && !strings.Contains(outs[0].Reason, "OrganizationBPName2") {
			t.Errorf("reason %q does not say why", outs[0].Reason)
		}
	}
}
