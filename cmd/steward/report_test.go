package main

import (
	"encoding/json"
	"math"
	"testing"
)

// TestJSONReportScoresHaveOneDecimal: every score in the JSON report (family,
// channel/locale, axes, previous and trend) is rounded to one decimal, as
// docs/REPORT.md says.
func TestJSONReportScoresHaveOneDecimal(t *testing.T) {
	t.Parallel()
	_, cfg := startSandbox(t, 301, 6)
	for range 2 { // the second run gives a previous check and a trend of two
		if _, code := steward(t, "run", "products", "--config", cfg); code != 0 {
			t.Fatal("the products run failed")
		}
	}
	out, code := steward(t, "report", "--format", "json", "--config", cfg)
	if code != 0 {
		t.Fatalf("report exit %d", code)
	}
	var rep struct {
		Score          float64          `json:"score"`
		Axes           map[string]any   `json:"axes"`
		Families       []map[string]any `json:"families"`
		ChannelLocales []map[string]any `json:"channel_locales"`
		Previous       map[string]any   `json:"previous"`
		Trend          []map[string]any `json:"trend"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Previous == nil || len(rep.Trend) != 2 || len(rep.Families) == 0 {
		t.Fatalf("report lacks previous, trend or families: %+v", rep)
	}
	check := func(where string, v any) {
		f, ok := v.(float64)
		if !ok {
			t.Errorf("%s: %v is not a number", where, v)
			return
		}
		if math.Abs(f*10-math.Round(f*10)) > 1e-9 {
			t.Errorf("%s = %v, not rounded to one decimal", where, f)
		}
	}
	groups := append(append([]map[string]any{}, rep.Families...), rep.ChannelLocales...)
	groups = append(append(groups, rep.Trend...), rep.Previous, rep.Axes)
	for _, g := range groups {
		for _, k := range []string{"score", "enrichment", "consistency"} {
			if v, ok := g[k]; ok {
				check(k+" of "+jsonText(g), v)
			}
		}
	}
}

func jsonText(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
