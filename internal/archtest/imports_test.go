// Package archtest checks the import rules of DESIGN.md over `go list -deps`.
package archtest

import (
	"encoding/json"
	"os/exec"
	"strings"
	"testing"
)

const module = "github.com/stewardhq/steward"

type pkg struct {
	ImportPath string
	Imports    []string
}

func packages(t *testing.T) []pkg {
	t.Helper()
	out, err := exec.Command("go", "list", "-json", module+"/...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	var pkgs []pkg
	dec := json.NewDecoder(strings.NewReader(string(out)))
	for dec.More() {
		var p pkg
		if err := dec.Decode(&p); err != nil {
			t.Fatal(err)
		}
		pkgs = append(pkgs, p)
	}
	return pkgs
}

func rel(p string) string { return strings.TrimPrefix(strings.TrimPrefix(p, module), "/") }

// layer orders packages: a package may import only packages of a lower layer,
// or of its own layer where a rule below allows it.
func layer(p string) int {
	switch {
	case p == "internal/record", p == "internal/retry", p == "internal/failpoint", p == "internal/registry", p == "config":
		return 0
	case isRoom(p):
		return 4
	case p == "internal/connector":
		return 2
	case p == "internal/console", strings.HasPrefix(p, "internal/console/"):
		// The web console is an operator's surface beside jobs: it reads the
		// store and the transform stage and acts through them.
		return 5
	case strings.HasPrefix(p, "internal/"):
		return 1
	case p == "extract", p == "load", p == "transform", p == "quality", strings.HasPrefix(p, "transform/"), strings.HasPrefix(p, "quality/"), strings.HasSuffix(p, "test"):
		return 2
	case strings.HasPrefix(p, "extract/"), strings.HasPrefix(p, "load/"):
		return 3
	case p == "jobs":
		return 5
	case strings.HasPrefix(p, "cmd/"):
		return 6
	}
	return -1
}

// connector returns the stage and system of a concrete connector package.
func connector(p string) (string, bool) {
	for _, stage := range []string{"extract/", "load/"} {
		if rest, ok := strings.CutPrefix(p, stage); ok && rest != "extracttest" && rest != "parquet" {
			return stage + rest, true
		}
	}
	return "", false
}

func TestImportRules(t *testing.T) {
	for _, p := range packages(t) {
		from := rel(p.ImportPath)
		lf := layer(from)
		if lf < 0 {
			t.Errorf("%s: package outside the layout of DESIGN.md", from)
			continue
		}
		for _, imp := range p.Imports {
			if !strings.HasPrefix(imp, module) {
				continue
			}
			to := rel(imp)
			switch {
			case strings.HasPrefix(to, "cmd/"):
				t.Errorf("%s imports %s: nothing imports cmd", from, to)
			case layer(to) > lf:
				t.Errorf("%s imports %s: imports run downward only", from, to)
			case from == "jobs" && (isConnector(to) || isRoom(to)):
				t.Errorf("jobs imports %s: jobs never names a concrete connector", to)
			case isRoom(from) && isRoom(to):
				t.Errorf("%s imports %s: a connector's room never imports another's", from, to)
			case isConnector(from) && isConnector(to):
				t.Errorf("%s imports %s: a connector never imports another connector", from, to)
			case strings.HasPrefix(from, "internal/sandbox") && !strings.HasPrefix(to, "internal/") && to != "config":
				t.Errorf("%s imports %s: the sandbox knows no pipeline code", from, to)
			case from == "internal/api/akeneo" && strings.HasPrefix(to, "internal/api/"), from == "internal/api/odata" && strings.HasPrefix(to, "internal/api/"):
				t.Errorf("%s imports %s: API clients stand alone", from, to)
			}
		}
	}
}

// isRoom reports whether p registers one system kind (internal/connector/X):
// it gathers that system's extractor, loader, auth, emulator and settings.
func isRoom(p string) bool { return strings.HasPrefix(p, "internal/connector/") }

func isConnector(p string) bool {
	_, ok := connector(p)
	return ok
}

func TestLayoutRulesCatchViolations(t *testing.T) {
	if layer("jobs") <= layer("extract/akeneo") || !isConnector("load/akeneo") || isConnector("load/parquet") ||
		layer("internal/connector/akeneo") <= layer("load/akeneo") || layer("jobs") <= layer("internal/connector/akeneo") ||
		layer("internal/connector") != layer("extract") {
		t.Fatal("the rules themselves are wrong")
	}
}
