package config

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// personalKinds is kinds with a data type that declares personal fields.
var personalKinds = func() *Known {
	k := *kinds
	k.DataTypes = append([]string{"leads"}, kinds.DataTypes...)
	k.Personal = map[string][]string{"leads": {"email", "phone"}}
	return &k
}()

const leadsJob = `
  - name: leads
    data_type: leads
    cadence: "@daily"
    extract: {system: pim, entity: leads, mode: full}
`

// TestPrivacyKeyRequiredForPersonalData: a job whose data type has
// personal fields needs the privacy key; the problem names the job's
// data_type with its position and says what to write.
func TestPrivacyKeyRequiredForPersonalData(t *testing.T) {
	_, err := Parse("bad.yaml", []byte(good+leadsJob), personalKinds, env)
	want := "bad.yaml:27:5: jobs[1].data_type: data type leads carries personal fields (email, phone) and no privacy key is configured"
	if err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), `"key: ${STEWARD_PII_KEY}"`) {
		t.Fatalf("err %v; want %s with a hint", err, want)
	}
	if _, err := Parse("good.yaml", []byte(good), personalKinds, env); err != nil {
		t.Errorf("a config without personal data needs no key: %v", err)
	}
}

// TestPrivacyKeyIsASecret: the key comes from the environment or a file,
// prints as ***, keeps its reference, and an unset variable is a problem
// at privacy.key.
func TestPrivacyKeyIsASecret(t *testing.T) {
	withKey := strings.Replace(good, "systems:", "privacy:\n  key: ${PIM_SECRET}\nsystems:", 1) + leadsJob
	f, err := Parse("good.yaml", []byte(withKey), personalKinds, env)
	if err != nil {
		t.Fatal(err)
	}
	js, _ := json.Marshal(f.Privacy)
	if out := fmt.Sprint(f.Privacy) + string(js); strings.Contains(out, "canary") || f.Privacy.Key.Ref() != "${PIM_SECRET}" || f.Privacy.Key.Reveal() != "s3cr3t-canary" {
		t.Errorf("privacy %s, ref %q", out, f.Privacy.Key.Ref())
	}
	_, err = Parse("bad.yaml", []byte(strings.Replace(withKey, "PIM_SECRET}\nsystems", "UNSET_KEY}\nsystems", 1)), personalKinds, env)
	if err == nil || !strings.Contains(err.Error(), "privacy.key: environment variable UNSET_KEY is not set") {
		t.Errorf("unset key: %v", err)
	}
	p := filepath.Join(t.TempDir(), "pii.key")
	if err := os.WriteFile(p, []byte("from-file\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	f, err = Parse("good.yaml", []byte(strings.Replace(withKey, "key: ${PIM_SECRET}", "key_file: "+p, 1)), personalKinds, env)
	if err != nil || f.Privacy.Key.Reveal() != "from-file" {
		t.Errorf("key from file: %v", err)
	}
}
