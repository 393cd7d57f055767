package config

import (
	"strings"
	"testing"
)

// TestQuotaBelowWarning: alerts.quota_below on a job none of whose systems
// is of a kind reporting a quota (Known.Quota) is a warning, not a problem;
// a system of such a kind silences it, and without registered kinds
// nothing is said.
func TestQuotaBelowWarning(t *testing.T) {
	src := strings.Replace(goodAlerts, "      cursor_field: updated\n", "      cursor_field: updated\n    quality: {rules: alerts_test.go}\n", 1)
	withQuota := *kinds
	withQuota.Quota = []string{"akeneo"}
	for _, tc := range []struct {
		name  string
		known *Known
		want  string
	}{
		{"no kind reports a quota", kinds, `jobs[0].alerts.quota_below: job products alerts on a quota, but none of its systems (pim) reports one (hint: remove quota_below; no registered kind reports a quota)`},
		{"the job's system reports one", &withQuota, ""},
		{"no registered kinds", nil, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, err := Parse("alerts.yaml", []byte(src), tc.known, alertEnv)
			if err != nil {
				t.Fatalf("a quota alert without a quota kind must load: %v", err)
			}
			ws := f.Warnings()
			switch {
			case tc.want == "" && len(ws) != 0:
				t.Errorf("warnings %v, want none", ws)
			case tc.want != "" && (len(ws) != 1 || !strings.HasSuffix(ws.Error(), tc.want) || ws[0].Line == 0):
				t.Errorf("warnings:\n  %v\nwant one at a line:col ending\n  %s", ws, tc.want)
			}
		})
	}
}
