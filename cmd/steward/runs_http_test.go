package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stewardhq/steward/internal/sandbox"
	"github.com/stewardhq/steward/internal/sandbox/fault"
)

// TestRunsShowTheRunsHTTPFigures: a run whose first product page is
// answered 429, then 503, then 200 reports its own retries, 429 and 5xx
// answers in runs --json (every field, for every run) and its retries in
// the table.
func TestRunsShowTheRunsHTTPFigures(t *testing.T) {
	t.Parallel()
	sb, cfg := startSandboxWith(t, 100, 22, sandbox.ConfigOptions{Generator: "template", Partitions: 1})
	sb.AkeneoFaults.Update(&fault.Set{Path: "products-uuid", Storm429: 1, Burst5xx: 1})
	if _, code := steward(t, "run", "products", "--config", cfg); code != 0 {
		t.Fatalf("run: exit %d", code)
	}
	out, code := steward(t, "runs", "--json", "--config", cfg)
	var runs []map[string]any
	if err := json.Unmarshal([]byte(out), &runs); code != 0 || err != nil || len(runs) != 1 {
		t.Fatalf("runs --json (exit %d, %v):\n%s", code, err, out)
	}
	r := runs[0]
	for _, key := range []string{"requests", "retries", "throttled", "server_errors", "rate_limit_wait_ms"} {
		if _, ok := r[key].(float64); !ok {
			t.Errorf("runs --json lacks %s: %v", key, r)
		}
	}
	if r["retries"] != 2.0 || r["throttled"] != 1.0 || r["server_errors"] != 1.0 || r["requests"].(float64) < 3 {
		t.Errorf("runs --json: requests %v, retries %v, throttled %v, server_errors %v; want at least 3, 2, 1, 1",
			r["requests"], r["retries"], r["throttled"], r["server_errors"])
	}
	out, _ = steward(t, "runs", "--config", cfg)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	head, row := strings.Fields(lines[0]), strings.Fields(lines[len(lines)-1])
	if len(lines) != 2 || head[14] != "RETRIES" || row[len(row)-1] != "2" {
		t.Errorf("runs table, want a RETRIES column of 2:\n%s", out)
	}
}
