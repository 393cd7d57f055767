package jobs

import (
	"testing"
	"time"

	"github.com/stewardhq/steward/config"
)

func TestNextRunsInTimeZone(t *testing.T) {
	j := config.Job{Name: "p", Cadence: "30 2 * * *", TimeZone: "Europe/Berlin"}
	from := time.Date(2026, 3, 28, 12, 0, 0, 0, time.UTC) // the night of the DST switch follows
	got, err := NextRuns(j, from, 3)
	if err != nil {
		t.Fatal(err)
	}
	berlin, _ := time.LoadLocation("Europe/Berlin")
	for i, g := range got {
		l := g.In(berlin)
		if l.Minute() != 30 || (l.Hour() != 2 && l.Hour() != 3) {
			t.Errorf("run %d at %s, want 02:30 Berlin time", i, l)
		}
	}
	if !got[0].Before(got[1]) || !got[1].Before(got[2]) {
		t.Errorf("runs not increasing: %v", got)
	}
}

func TestMissed(t *testing.T) {
	j := config.Job{Name: "p", Cadence: "0 * * * *", TimeZone: "UTC"}
	last := time.Date(2026, 1, 1, 10, 5, 0, 0, time.UTC)
	cases := []struct {
		now  time.Time
		want bool
	}{
		{last.Add(30 * time.Minute), false},
		{last.Add(55 * time.Minute), true},
		{last.Add(48 * time.Hour), true},
	}
	for _, c := range cases {
		if got, err := Missed(j, last, c.now); err != nil || got != c.want {
			t.Errorf("Missed(last %s, now %s) = %v, %v; want %v", last, c.now, got, err, c.want)
		}
	}
}
