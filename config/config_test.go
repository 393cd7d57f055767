package config

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rs/zerolog"
)

// kinds is what a wiring would register: two HTTP kinds and a local one,
// the generic auth flows with one vendor grant, and two data types.
var kinds = &Known{
	Kinds: []string{"akeneo", "drop", "odata"},
	Local: []string{"drop"},
	Auth: map[string][]string{AuthNone: nil, AuthBasic: {"username", "password"}, AuthBearer: {"token"},
		AuthOAuth2ClientCredentials: {"token_url", "client_id", "client_secret"},
		"akeneo_password":           {"client_id", "client_secret", "username", "password"}},
	DataTypes: []string{"prices", "products"},
	Checked:   []string{"products"},
}

func env(k string) (string, bool) {
	v, ok := map[string]string{"PIM_SECRET": "s3cr3t-canary", "PIM_PASSWORD": "pw-canary"}[k]
	return v, ok
}

const good = `version: 1
staging:
  sqlite: ./state/steward.db
  parquet_dir: ./state/parquet
systems:
  pim:
    kind: akeneo
    base_url: https://pim.example.com
    auth:
      type: akeneo_password
      client_id: c
      client_secret: ${PIM_SECRET}
      username: u
      password: ${PIM_PASSWORD}
jobs:
  - name: products
    data_type: products
    cadence: "30 2 * * *"
    time_zone: Europe/Berlin
    extract:
      system: pim
      entity: products
      mode: incremental
      cursor_field: updated
`

func TestParseGood(t *testing.T) {
	f, err := Parse("good.yaml", []byte(good), kinds, env)
	if err != nil {
		t.Fatal(err)
	}
	j, _ := f.Job("products")
	if j.Extract.PageSize != DefaultPageSize || j.Extract.Overlap.Std() != DefaultOverlap || !j.IsEnabled() || !j.CatchesUp() {
		t.Errorf("defaults not applied: %+v", j)
	}
	if got := f.Systems["pim"].Auth.ClientSecret.Reveal(); got != "s3cr3t-canary" {
		t.Errorf("secret resolved to %q", got)
	}
}

func TestExampleConfigIsValid(t *testing.T) {
	dir := t.TempDir()
	pw := filepath.Join(dir, "pw")
	if err := os.WriteFile(pw, []byte("x\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile("../testdata/steward.example.yaml")
	if err != nil {
		t.Fatal(err)
	}
	b = []byte(strings.ReplaceAll(string(b), "/run/secrets/akeneo_password", pw))
	withLLM := *kinds
	withLLM.Kinds = append(withLLM.Kinds, "openai")
	withLLM.Quota = []string{"hubspot", "salesforce"}
	f, err := Parse("../testdata/steward.example.yaml", b, &withLLM, exampleEnv)
	if err != nil {
		t.Fatalf("the example config in testdata is not valid:\n%v", err)
	}
	if ws := f.Warnings(); len(ws) > 0 {
		t.Errorf("the example config draws warnings:\n%v", ws)
	}
}

// exampleEnv stands in for the environment the example's ${VAR}s name: a URL
// for a URL, else a value long enough for every secret's minimum length.
func exampleEnv(name string) (string, bool) {
	if strings.HasSuffix(name, "_URL") {
		return "https://hooks.example.com/services/T0/B0/x", true
	}
	return strings.Repeat("v", 40), true
}

// TestBadConfigs is the table of broken configs and the exact messages a user sees.
func TestBadConfigs(t *testing.T) {
	cases := []struct {
		name, edit string
		want       []string
	}{
		{"unknown key", "staging:\n  sqlite: a\n  parquet_dir: b\n  sqlit: c", []string{
			`bad.yaml:5:3: staging.sqlit: unknown key "sqlit" (hint: did you mean "sqlite"?)`}},
		{"wrong version", "version: 3", []string{`bad.yaml:1:1: version: version is 3 (hint: write version: 1)`}},
		{"literal secret", "      client_secret: hunter2", []string{
			`bad.yaml:12:7: systems.pim.auth.client_secret: secret is written literally (hint: write ${ENV_VAR} or use the *_file key; secrets never live in the config file)`}},
		{"missing env", "      client_secret: ${NOPE}", []string{
			`bad.yaml:12:7: systems.pim.auth.client_secret: environment variable NOPE is not set (hint: export NOPE or use the *_file key)`}},
		{"plain http", "    base_url: http://pim.example.com", []string{
			`bad.yaml:8:5: systems.pim.base_url: plain http is refused (hint: use https; http is allowed only to loopback with allow_insecure_loopback: true)`}},
		{"bad cadence", `    cadence: "61 * * * *"`, []string{
			`bad.yaml:18:5: jobs[0].cadence: cadence "61 * * * *": end of range (61) above maximum (59): 61 (hint: five fields: minute hour day-of-month month day-of-week, e.g. "*/15 * * * *")`}},
		{"bad zone", "    time_zone: Mars/Olympus", []string{
			`bad.yaml:19:5: jobs[0].time_zone: unknown time zone "Mars/Olympus" (hint: an IANA name such as Europe/Berlin or UTC)`}},
		{"bad mode", "      mode: delta", []string{
			`bad.yaml:23:7: jobs[0].extract.mode: unknown mode "delta" (hint: full or incremental)`}},
		{"unknown system", "      system: erp", []string{
			`bad.yaml:21:7: jobs[0].extract.system: system "erp" is not defined (hint: systems defined: pim)`}},
		{"unknown kind", "    kind: sharepoint", []string{
			`bad.yaml:7:5: systems.pim.kind: unknown kind "sharepoint" (hint: one of: akeneo, drop, odata)`}},
		{"unknown auth type", "      type: saml", []string{
			`bad.yaml:10:7: systems.pim.auth.type: unknown auth type "saml" (hint: one of: akeneo_password, basic, bearer, none, oauth2_client_credentials)`}},
		{"auth key missing", "      username: \"\"", []string{
			`bad.yaml:13:7: systems.pim.auth.username: username is missing for auth type akeneo_password (hint: the user's name)`}},
		{"unknown data type", "    data_type: widgets", []string{
			`bad.yaml:17:5: jobs[0].data_type: unknown data type "widgets" (hint: one of: prices, products)`}},
		{"quality of prices", "    data_type: prices\n    quality: {rules: r.yaml}", []string{
			`jobs[0].quality: quality checks apply to products jobs only (hint: move the quality section to the products job)`}},
		{"http kind without base_url", "    base_url: \"\"", []string{
			`bad.yaml:8:5: systems.pim.base_url: base_url is missing`}},
		{"bad type", "      page_size: many", []string{`bad.yaml:25:18:`}},
		{"tls 1.1", "    tls: {min_version: \"1.1\"}", []string{
			`systems.pim.tls.min_version: min_version "1.1" is not allowed (hint: write 1.2 or 1.3; older versions are refused)`}},
		{"syntax", "jobs: [", []string{`bad.yaml:`}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse("bad.yaml", []byte(edit(t, good, c.edit)), kinds, env)
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error does not contain\n  %s\ngot:\n  %s", w, strings.ReplaceAll(err.Error(), "\n", "\n  "))
				}
			}
		})
	}
}

// edit replaces the line of good whose key matches the edit's first line key,
// or appends the edit.
func edit(t *testing.T, base, change string) string {
	t.Helper()
	lines := strings.Split(base, "\n")
	first := strings.SplitN(change, "\n", 2)[0]
	key := strings.TrimSpace(strings.SplitN(first, ":", 2)[0])
	indent := len(first) - len(strings.TrimLeft(first, " "))
	for i, l := range lines {
		if strings.TrimSpace(strings.SplitN(l, ":", 2)[0]) == key && len(l)-len(strings.TrimLeft(l, " ")) == indent {
			if strings.Contains(change, "\n") { // a block: replace the block header and its children
				j := i + 1
				for j < len(lines) && len(lines[j])-len(strings.TrimLeft(lines[j], " ")) > indent {
					j++
				}
				return strings.Join(append(append(append([]string{}, lines[:i]...), change), lines[j:]...), "\n")
			}
			lines[i] = change
			return strings.Join(lines, "\n")
		}
	}
	if key == "tls" {
		return strings.Replace(base, "    auth:\n", change+"\n    auth:\n", 1)
	}
	if key == "page_size" {
		return base + change + "\n"
	}
	return base + change + "\n"
}

func TestAllProblemsAtOnce(t *testing.T) {
	bad := strings.NewReplacer("version: 1", "version: 2", "kind: akeneo", "kind: nope", "mode: incremental", "mode: x").Replace(good)
	_, err := Parse("bad.yaml", []byte(bad), kinds, env)
	ps, ok := AsProblems(err)
	if !ok || len(ps) != 3 {
		t.Fatalf("want 3 problems at once, got %d: %v", len(ps), err)
	}
	for i := 1; i < len(ps); i++ {
		if ps[i].Line < ps[i-1].Line {
			t.Errorf("problems not in file order: %v", ps)
		}
	}
}

func TestSecretNeverPrints(t *testing.T) {
	f, err := Parse("good.yaml", []byte(good), kinds, env)
	if err != nil {
		t.Fatal(err)
	}
	a := f.Systems["pim"].Auth
	js, _ := json.Marshal(a)
	var logBuf strings.Builder
	logger := zerolog.New(&logBuf)
	logger.Info().Interface("auth", a).Stringer("secret", a.ClientSecret).Msg("x")
	outputs := []string{fmt.Sprint(a), fmt.Sprintf("%+v", a), fmt.Sprintf("%#v", a), fmt.Sprintf("%s %q %v %x", a.Password, a.Password, a.Password, a.Password),
		string(js), logBuf.String(), fmt.Sprint(f.Systems["pim"])}
	for _, out := range outputs {
		if strings.Contains(out, "canary") {
			t.Errorf("secret leaked: %s", out)
		}
	}
	if !strings.Contains(string(js), Redacted) {
		t.Errorf("JSON does not show the redaction: %s", js)
	}
}

func TestSecretFromFile(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "secret")
	if err := os.WriteFile(p, []byte("from-file\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg := strings.Replace(good, "client_secret: ${PIM_SECRET}", "client_secret_file: "+p, 1)
	f, err := Parse("good.yaml", []byte(cfg), kinds, env)
	if err != nil {
		t.Fatal(err)
	}
	if got := f.Systems["pim"].Auth.ClientSecret.Reveal(); got != "from-file" {
		t.Errorf("secret from file = %q", got)
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(good))
	f.Add([]byte("version: 1\njobs: [{name: a}]"))
	f.Add([]byte("{{{"))
	f.Add([]byte("systems:\n  x:\n    settings: [1, 2]\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		_, err := Parse("fuzz.yaml", b, kinds, env)
		if err == nil {
			return
		}
		if ps, ok := AsProblems(err); ok {
			for _, p := range ps {
				if p.File != "fuzz.yaml" || p.Msg == "" {
					t.Fatalf("problem without place or message: %#v", p)
				}
			}
		}
	})
}

// TestYAMLPanicIsPositionedProblem: goccy/go-yaml panics (nil pointer in
// ArrayNodeIter.Len) on a tagged scalar where a sequence is expected (issue 6
// #20); the panic must come back as a problem at the key, not crash steward.
func TestYAMLPanicIsPositionedProblem(t *testing.T) {
	for _, c := range []struct{ name, yaml, want string }{
		{"jobs", "version: A\njobs: !00000 00", "crash.yaml:2:1: jobs: the YAML decoder failed"},
		{"targets", strings.Replace(good, "      cursor_field: updated\n", "      cursor_field: updated\n    load:\n      targets: !x 1\n", 1),
			"crash.yaml:26:7: jobs[0].load.targets: the YAML decoder failed"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse("crash.yaml", []byte(c.yaml), kinds, env)
			ps, ok := AsProblems(err)
			if !ok || !strings.Contains(ps.Error(), c.want) || !strings.Contains(ps.Error(), "(hint: ") {
				t.Fatalf("want a problem containing %q, got %v", c.want, err)
			}
		})
	}
}

// TestTLSDefaultAndWarning: TLS 1.3 is the default; 1.2 must be written and
// then draws a warning, not an error (issue 6 #33).
func TestTLSDefaultAndWarning(t *testing.T) {
	f, err := Parse("good.yaml", []byte(good), kinds, env)
	if err != nil {
		t.Fatal(err)
	}
	if got := f.Systems["pim"].TLS.MinVersion; got != "1.3" {
		t.Errorf("default min_version = %q, want 1.3", got)
	}
	if ws := f.Warnings(); len(ws) != 0 {
		t.Errorf("warnings for the default: %v", ws)
	}
	f, err = Parse("tls.yaml", []byte(edit(t, good, "    tls: {min_version: \"1.2\"}")), kinds, env)
	if err != nil {
		t.Fatalf("TLS 1.2 written explicitly must load: %v", err)
	}
	want := `tls.yaml:9:11: systems.pim.tls.min_version: TLS 1.2 is allowed for this system; steward's default is 1.3 (hint: remove min_version once the server speaks TLS 1.3)`
	if ws := f.Warnings(); ws.Error() != want {
		t.Errorf("warnings:\n  %v\nwant\n  %s", ws, want)
	}
}

// TestFirstPanicLine: a parser panic is placed on the first line whose prefix
// of the file makes the parser panic.
func TestFirstPanicLine(t *testing.T) {
	data := []byte("version: 1\nstaging:\n  sqlite: BOOM\n  parquet_dir: x\n")
	boom := func(b []byte) bool { return strings.Contains(string(b), "BOOM") }
	if got := firstPanicLine(data, boom); got != 3 {
		t.Errorf("first panic line = %d, want 3", got)
	}
	if got := firstPanicLine([]byte("BOOM"), boom); got != 1 {
		t.Errorf("one-line file: line %d, want 1", got)
	}
}

// TestSecretFileProblemAtItsKey (issue 6 item 31): a *_file that cannot be
// read, or is given beside a value, is reported at the *_file line under its
// own key path, naming that key in the hint, not at the auth: line under the
// value's key.
func TestSecretFileProblemAtItsKey(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "nope")
	for _, c := range []struct{ name, from, to, want string }{
		{"unreadable", "      password: ${PIM_PASSWORD}", "      password_file: " + missing,
			"bad.yaml:14:7: systems.pim.auth.password_file: read secret file " + missing + ": no such file or directory (hint: point password_file at a readable file)"},
		{"both", "      client_secret: ${PIM_SECRET}", "      client_secret: ${PIM_SECRET}\n      client_secret_file: " + missing,
			"bad.yaml:13:7: systems.pim.auth.client_secret_file: both client_secret and client_secret_file are given (hint: keep one of them)"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse("bad.yaml", []byte(strings.Replace(good, c.from, c.to, 1)), kinds, env)
			if err == nil || err.Error() != c.want {
				t.Errorf("got\n  %v\nwant\n  %s", err, c.want)
			}
		})
	}
}

// TestLocalKindNeedsNoBaseURL: a system of a kind the wiring registered as
// not reached over HTTP (a file drop) is valid without base_url; the same
// system under an HTTP kind is not.
func TestLocalKindNeedsNoBaseURL(t *testing.T) {
	drop := strings.NewReplacer("    kind: akeneo\n    base_url: https://pim.example.com\n", "    kind: drop\n",
		"      type: akeneo_password\n", "      type: none\n").Replace(good)
	if _, err := Parse("drop.yaml", []byte(drop), kinds, env); err != nil {
		t.Fatalf("a local kind without base_url: %v", err)
	}
	http := strings.Replace(drop, "kind: drop", "kind: odata", 1)
	if _, err := Parse("http.yaml", []byte(http), kinds, env); err == nil || !strings.Contains(err.Error(), "systems.pim.base_url: base_url is missing") {
		t.Fatalf("an HTTP kind without base_url: %v", err)
	}
}

// TestLocalKindNeedsNoCursorField: an incremental job reading a file drop
// (which keeps the files it finished in its own cursor) needs no
// cursor_field; the same job reading an HTTP system does.
func TestLocalKindNeedsNoCursorField(t *testing.T) {
	drop := strings.NewReplacer("    kind: akeneo\n    base_url: https://pim.example.com\n", "    kind: drop\n",
		"      type: akeneo_password\n", "      type: none\n", "      cursor_field: updated\n", "").Replace(good)
	if strings.Contains(drop, "cursor_field") {
		t.Fatal("the test config still has a cursor_field")
	}
	if _, err := Parse("drop.yaml", []byte(drop), kinds, env); err != nil {
		t.Fatalf("an incremental file drop job without cursor_field: %v", err)
	}
	http := strings.NewReplacer("kind: drop", "kind: odata", "    auth:\n", "    base_url: https://erp.example.com\n    auth:\n").Replace(drop)
	if _, err := Parse("http.yaml", []byte(http), kinds, env); err == nil || !strings.Contains(err.Error(), "incremental mode needs a cursor_field") {
		t.Fatalf("an HTTP kind without cursor_field: %v", err)
	}
}
