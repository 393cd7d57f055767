package odata_test

import (
	"strings"
	"testing"
	"time"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/internal/api/odata"
)

// TestTimeZoneSetting: time_zone takes an IANA name for a v2 entity; an
// unknown name, or a zone on a v4 entity, is a problem at its key.
func TestTimeZoneSetting(t *testing.T) {
	parse := func(version, zone string) (odata.Settings, config.Problems) {
		doc := strings.Replace(customersConfig, "%s", version+"\n          time_zone: "+zone, 1)
		f, err := config.Parse("s.yaml", []byte(doc), nil, env)
		if err != nil {
			t.Fatal(err)
		}
		return odata.DecodeSettings(f, "erp")
	}
	s, ps := parse("2", "Europe/Berlin")
	loc, err := s.Entities["business_partners"].Location()
	if len(ps) != 0 || err != nil || loc.String() != "Europe/Berlin" {
		t.Fatalf("Europe/Berlin: %v %v %v", loc, err, ps)
	}
	const key = "systems.erp.settings.entities.business_partners.time_zone"
	if _, ps := parse("2", "Mars/Olympus"); len(ps) != 1 || ps[0].Path != key || !strings.Contains(ps[0].Msg, "Mars/Olympus") {
		t.Errorf("Mars/Olympus: %#v", ps)
	}
	if _, ps := parse("4", "Europe/Berlin"); len(ps) != 2 || ps[0].Path != key || !strings.Contains(ps[0].Hint, "version: 2") {
		t.Errorf("zone on v4: %#v", ps)
	}
	if loc, err := (odata.Entity{}).Location(); err != nil || loc != time.UTC {
		t.Errorf("default zone %v %v, want UTC", loc, err)
	}
}

// TestWallInstants: a wall clock time means one instant, two in the hour
// repeated when daylight saving time ends (Europe/Berlin 2026-10-25: 02:30
// is 00:30 UTC in CEST and 01:30 UTC in CET).
func TestWallInstants(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		wall, earliest, latest time.Time
	}{
		{time.Date(2026, 7, 1, 14, 0, 0, 0, time.UTC), time.Date(2026, 7, 1, 12, 0, 0, 0, time.UTC), time.Date(2026, 7, 1, 12, 0, 0, 0, time.UTC)},
		{time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC), time.Date(2026, 1, 5, 8, 0, 0, 0, time.UTC), time.Date(2026, 1, 5, 8, 0, 0, 0, time.UTC)},
		{time.Date(2026, 10, 25, 2, 30, 0, 0, time.UTC), time.Date(2026, 10, 25, 0, 30, 0, 0, time.UTC), time.Date(2026, 10, 25, 1, 30, 0, 0, time.UTC)},
	} {
		e, l := odata.WallInstants(c.wall, berlin)
		if !e.Equal(c.earliest) || !l.Equal(c.latest) {
			t.Errorf("%v in Berlin: %v … %v, want %v … %v", c.wall, e, l, c.earliest, c.latest)
		}
	}
	if e, l := odata.WallInstants(time.Date(2026, 10, 25, 2, 30, 0, 0, time.UTC), time.UTC); !e.Equal(l) {
		t.Errorf("UTC: %v … %v", e, l)
	}
}

// TestOffsetSpread: one hour where daylight saving time changes the
// offset, none in UTC.
func TestOffsetSpread(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	if got := odata.OffsetSpread(berlin, at); got != time.Hour {
		t.Errorf("Berlin: %v", got)
	}
	if got := odata.OffsetSpread(time.UTC, at); got != 0 {
		t.Errorf("UTC: %v", got)
	}
	if w := odata.Wall(at, berlin); !w.Equal(time.Date(2026, 11, 1, 1, 0, 0, 0, time.UTC)) {
		t.Errorf("wall clock of %v in Berlin: %v", at, w)
	}
}
