package config

import (
	"strings"
	"testing"
	"time"
)

func TestReconcileEvery(t *testing.T) {
	withLoad := func(every string) string {
		return good + "    load:\n      reconcile_every: " + every + "\n      targets:\n        - system: pim\n          fields: [price]\n"
	}
	f, err := Parse("r.yaml", []byte(withLoad("24h")), kinds, env)
	if err != nil {
		t.Fatal(err)
	}
	if j, _ := f.Job("products"); j.Load.ReconcileEvery.Std() != 24*time.Hour {
		t.Errorf("reconcile_every = %s", j.Load.ReconcileEvery.Std())
	}
	_, err = Parse("r.yaml", []byte(withLoad("-1h")), kinds, env)
	if err == nil || !strings.Contains(err.Error(), "jobs[0].load.reconcile_every") {
		t.Errorf("a negative reconcile_every: %v", err)
	}
}
