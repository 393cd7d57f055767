package odata

import (
	"fmt"
	"time"

	// On-premise SAP stamps local time; a host without a zoneinfo database
	// must still resolve an entity's time_zone.
	_ "time/tzdata"
)

// Location is the zone an entity's v2 Edm.DateTime and Edm.Time values are
// stamped in: its time_zone, UTC when that is empty.
func (e Entity) Location() (*time.Location, error) {
	if e.TimeZone == "" {
		return time.UTC, nil
	}
	loc, err := time.LoadLocation(e.TimeZone)
	if err != nil {
		return nil, fmt.Errorf("time zone %q: %w", e.TimeZone, err)
	}
	return loc, nil
}

// WallInstants returns the earliest and latest instants at which the wall
// clock time w (its fields read as a wall clock, whatever its location)
// occurs in loc: the same instant but in the repeated hour of a change back
// from daylight saving time, which occurs twice. A wall time skipped by a
// change forward is read as Go's time.Date reads it.
func WallInstants(w time.Time, loc *time.Location) (earliest, latest time.Time) {
	naive := time.Date(w.Year(), w.Month(), w.Day(), w.Hour(), w.Minute(), w.Second(), w.Nanosecond(), time.UTC)
	guess := time.Date(w.Year(), w.Month(), w.Day(), w.Hour(), w.Minute(), w.Second(), w.Nanosecond(), loc).UTC()
	earliest, latest = guess, guess
	for _, probe := range []time.Time{naive.Add(-26 * time.Hour), naive.Add(26 * time.Hour)} {
		_, off := probe.In(loc).Zone()
		u := naive.Add(-time.Duration(off) * time.Second)
		if !sameWall(u.In(loc), naive) {
			continue
		}
		if u.Before(earliest) {
			earliest = u
		}
		if u.After(latest) {
			latest = u
		}
	}
	return earliest, latest
}

func sameWall(a, b time.Time) bool {
	ay, am, ad := a.Date()
	by, bm, bd := b.Date()
	return ay == by && am == bm && ad == bd && a.Hour() == b.Hour() && a.Minute() == b.Minute() && a.Second() == b.Second() && a.Nanosecond() == b.Nanosecond()
}

// OffsetSpread is the largest change of loc's UTC offset in the year
// before t (one hour for zones with daylight saving time, 0 for UTC): how
// far a wall clock bound must be widened so that no instant after t falls
// below it.
func OffsetSpread(loc *time.Location, t time.Time) time.Duration {
	_, off := t.In(loc).Zone()
	lo, hi := off, off
	for at := t.AddDate(-1, 0, 0); at.Before(t); {
		_, o := at.In(loc).Zone()
		lo, hi = min(lo, o), max(hi, o)
		_, end := at.In(loc).ZoneBounds()
		if end.IsZero() || !end.After(at) {
			break
		}
		at = end
	}
	return time.Duration(hi-lo) * time.Second
}

// Wall is t's wall clock in loc as a UTC-labelled time, what a v2 literal
// (DateTimeV2, TimeV2) writes for a service stamping local time.
func Wall(t time.Time, loc *time.Location) time.Time {
	w := t.In(loc)
	return time.Date(w.Year(), w.Month(), w.Day(), w.Hour(), w.Minute(), w.Second(), w.Nanosecond(), time.UTC)
}
