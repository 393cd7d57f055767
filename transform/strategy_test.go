package transform

import (
	"encoding/json"
	"maps"
	"slices"
	"testing"
	"time"
)

func fields(kv ...string) map[string]json.RawMessage {
	m := map[string]json.RawMessage{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = json.RawMessage(kv[i+1])
	}
	return m
}

func ver(at time.Time, kv ...string) *Version { return &Version{Fields: fields(kv...), Changed: at} }

func keysOf(m map[string]json.RawMessage) []string { return slices.Sorted(maps.Keys(m)) }

var t0 = time.Date(2026, 11, 27, 6, 0, 0, 0, time.UTC)

func TestSourceOfTruth(t *testing.T) {
	src := *ver(t0, "price", `{"amount":"12.50","currency":"EUR"}`, "stock", `5`)
	cases := []struct {
		name   string
		p      Policy
		target *Version
		want   []string
	}{
		{"target unknown: every led field", Policy{}, nil, []string{"price", "stock"}},
		{"price edited by hand in the PIM: only the drift", Policy{}, ver(t0, "price", `{"amount":"9.99","currency":"EUR"}`, "stock", `5`), []string{"price"}},
		{"no drift: nothing", Policy{}, ver(t0, "stock", ` 5`, "price", `{"currency":"EUR","amount":"12.50"}`), []string{}},
		{"leader is the source by name", Policy{Leader: "erp"}, nil, []string{"price", "stock"}},
		{"the target leads: nothing", Policy{Leader: "pim"}, nil, []string{}},
		{"the target leads one field", Policy{FieldLeaders: map[string]string{"price": "pim"}}, nil, []string{"stock"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			c.p.Strategy, c.p.Source, c.p.Target = SourceOfTruth, "erp", "pim"
			d, err := Decide(c.p, Sides{Source: src, Target: c.target})
			if err != nil {
				t.Fatal(err)
			}
			if got := keysOf(d.Write); !slices.Equal(got, c.want) {
				t.Errorf("writes %v, want %v (%s)", got, c.want, d.Why)
			}
		})
	}
}

func TestLastWriteWinsSkewMargin(t *testing.T) {
	margin := 2 * time.Minute
	cases := []struct {
		name     string
		leader   string
		src, tgt time.Time
		target   bool
		want     string // "write" or "none"
	}{
		{"first sync, no target", "pim", t0, time.Time{}, false, "write"},
		{"source clearly newer", "pim", t0.Add(10 * time.Minute), t0, true, "write"},
		{"target clearly newer", "erp", t0, t0.Add(10 * time.Minute), true, "none"},
		{"source newer within margin, target leads", "pim", t0.Add(time.Minute), t0, true, "none"},
		{"target newer within margin, source leads", "erp", t0, t0.Add(time.Minute), true, "write"},
		{"exactly at the margin is a tie", "pim", t0.Add(margin), t0, true, "none"},
		{"just past the margin", "pim", t0.Add(margin + time.Second), t0, true, "write"},
		{"tie goes to the leader (source)", "erp", t0, t0, true, "write"},
		{"tie goes to the leader (target)", "pim", t0, t0, true, "none"},
		{"tie with no leader goes to the source", "", t0, t0, true, "write"},
		{"target time unknown: tie", "pim", t0, time.Time{}, true, "none"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := Policy{Strategy: LastWriteWins, Source: "erp", Target: "pim", Leader: c.leader, SkewMargin: margin}
			s := Sides{Source: *ver(c.src, "status", `"shipped"`)}
			if c.target {
				s.Target = ver(c.tgt, "status", `"open"`)
			}
			d, err := Decide(p, s)
			if err != nil {
				t.Fatal(err)
			}
			got := "none"
			if len(d.Write) > 0 {
				got = "write"
			}
			if got != c.want {
				t.Errorf("%s, want %s (%s)", got, c.want, d.Why)
			}
		})
	}
}

func TestLastWriteWinsWritesOnlyDrift(t *testing.T) {
	p := Policy{Strategy: LastWriteWins, Source: "erp", Target: "crm"}
	d, _ := Decide(p, Sides{Source: *ver(t0.Add(time.Hour), "a", `1`, "b", `2`), Target: ver(t0, "a", `1`, "b", `3`)})
	if got := keysOf(d.Write); !slices.Equal(got, []string{"b"}) {
		t.Errorf("writes %v, want [b]", got)
	}
}

func TestMergeEscalate(t *testing.T) {
	cases := []struct {
		name      string
		p         Policy
		src, tgt  *Version
		base      *Version
		writes    []string
		conflicts []string
		synced    map[string]string
	}{
		{name: "first sync, target unknown: write all",
			src: ver(t0, "email", `"a@x"`, "street", `"Main 1"`), writes: []string{"email", "street"},
			synced: map[string]string{"email": `"a@x"`, "street": `"Main 1"`}},
		{name: "first sync without base, equal: nothing",
			src: ver(t0, "email", `"a@x"`), tgt: ver(t0, "email", `"a@x"`), writes: []string{}, synced: map[string]string{"email": `"a@x"`}},
		{name: "first sync without base, different, no leader: conflict",
			src: ver(t0, "email", `"a@x"`), tgt: ver(t0, "email", `"b@x"`), writes: []string{}, conflicts: []string{"email"}, synced: map[string]string{}},
		{name: "first sync without base, source leads",
			p:   Policy{Leader: "erp"},
			src: ver(t0, "email", `"a@x"`), tgt: ver(t0, "email", `"b@x"`), writes: []string{"email"}, synced: map[string]string{"email": `"a@x"`}},
		{name: "changed in the source only: take the source",
			src: ver(t0, "email", `"new@x"`, "street", `"Main 1"`), tgt: ver(t0, "email", `"a@x"`, "street", `"Main 1"`),
			base: ver(t0, "email", `"a@x"`, "street", `"Main 1"`), writes: []string{"email"},
			synced: map[string]string{"email": `"new@x"`, "street": `"Main 1"`}},
		{name: "changed in the target only: nothing written, base kept",
			src: ver(t0, "email", `"a@x"`), tgt: ver(t0, "email", `"crm@x"`), base: ver(t0, "email", `"a@x"`),
			writes: []string{}, synced: map[string]string{"email": `"a@x"`}},
		{name: "each side changed a different field",
			src: ver(t0, "email", `"a@x"`, "street", `"Elm 2"`), tgt: ver(t0, "email", `"crm@x"`, "street", `"Main 1"`),
			base: ver(t0, "email", `"a@x"`, "street", `"Main 1"`), writes: []string{"street"},
			synced: map[string]string{"email": `"a@x"`, "street": `"Elm 2"`}},
		{name: "both changed to the same value: agreed",
			src: ver(t0, "email", `"n@x"`), tgt: ver(t0, "email", `"n@x"`), base: ver(t0, "email", `"a@x"`),
			writes: []string{}, synced: map[string]string{"email": `"n@x"`}},
		{name: "both changed differently: true conflict, nothing written for it",
			src: ver(t0, "email", `"erp@x"`, "street", `"Elm 2"`), tgt: ver(t0, "email", `"crm@x"`, "street", `"Main 1"`),
			base: ver(t0, "email", `"a@x"`, "street", `"Main 1"`), writes: []string{"street"}, conflicts: []string{"email"},
			synced: map[string]string{"email": `"a@x"`, "street": `"Elm 2"`}},
		{name: "conflict on a field the target leads: no escalation, nothing written",
			p:   Policy{FieldLeaders: map[string]string{"email": "crm", "street": "erp"}},
			src: ver(t0, "email", `"erp@x"`, "street", `"Elm 2"`), tgt: ver(t0, "email", `"crm@x"`, "street", `"Oak 3"`),
			base: ver(t0, "email", `"a@x"`, "street", `"Main 1"`), writes: []string{"street"},
			synced: map[string]string{"email": `"a@x"`, "street": `"Elm 2"`}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			c.p.Strategy, c.p.Source, c.p.Target = MergeEscalate, "erp", "crm"
			d, err := Decide(c.p, Sides{Source: *c.src, Target: c.tgt, Base: c.base})
			if err != nil {
				t.Fatal(err)
			}
			if got := keysOf(d.Write); !slices.Equal(got, c.writes) {
				t.Errorf("writes %v, want %v", got, c.writes)
			}
			if !slices.Equal(d.Conflicts, c.conflicts) {
				t.Errorf("conflicts %v, want %v", d.Conflicts, c.conflicts)
			}
			got := map[string]string{}
			for f, v := range d.Synced {
				got[f] = string(v)
			}
			if !maps.Equal(got, c.synced) {
				t.Errorf("synced %v, want %v", got, c.synced)
			}
		})
	}
}

func TestDecideUnknownStrategy(t *testing.T) {
	if _, err := Decide(Policy{Strategy: "coin_flip"}, Sides{}); err == nil {
		t.Error("an unknown strategy decided")
	}
}

// After a person decided a conflict, both sides hold overruled values until
// the decision's writes reach them: that is not a new conflict, and a side
// that moves on after the decision is a change again.
func TestMergeOverruledValuesAreNotChanges(t *testing.T) {
	base := ver(t0, "email", `"billing@x"`)
	base.Overruled = map[string][]json.RawMessage{"email": {json.RawMessage(`"erp@x"`), json.RawMessage(`"crm@x"`)}}
	p := Policy{Strategy: MergeEscalate, Source: "erp", Target: "crm"}
	d, _ := Decide(p, Sides{Source: *ver(t0, "email", `"erp@x"`), Target: ver(t0, "email", `"crm@x"`), Base: base})
	if len(d.Write) != 0 || len(d.Conflicts) != 0 || string(d.Synced["email"]) != `"billing@x"` || len(d.Overruled["email"]) != 2 {
		t.Errorf("stale sides: %+v", d)
	}
	d, _ = Decide(p, Sides{Source: *ver(t0, "email", `"billing@x"`), Target: ver(t0, "email", `"billing@x"`), Base: base})
	if len(d.Overruled) != 0 {
		t.Errorf("overruled values kept once both sides agree: %+v", d.Overruled)
	}
	d, _ = Decide(p, Sides{Source: *ver(t0, "email", `"new@x"`), Target: ver(t0, "email", `"crm@x"`), Base: base})
	if string(d.Write["email"]) != `"new@x"` {
		t.Errorf("a change after the decision was not written: %+v", d)
	}
}
