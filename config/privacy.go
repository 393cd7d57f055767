package config

import (
	"fmt"
	"os"
	"strings"
)

// privacy resolves the privacy key and reports each job whose data type
// carries personal fields while no key is configured (at the job's
// data_type, where the personal data comes from).
func (v *validator) privacy() {
	v.secret("privacy", "key", &v.f.Privacy.Key, v.f.Privacy.KeyFile)
	if v.f.Privacy.KeyFile != "" && v.f.Privacy.Key.Reveal() == "" {
		if b, err := os.ReadFile(v.f.Privacy.KeyFile); err == nil && strings.TrimSpace(string(b)) == "" {
			// an empty key would leave personal values unkeyed and unlearned
			v.add("privacy.key_file", fmt.Sprintf("key file %s is empty", v.f.Privacy.KeyFile), "write the secret key into it (a long random string)")
		}
	}
	if v.f.Privacy.Key.IsSet() || v.f.Privacy.KeyFile != "" || v.known == nil {
		return
	}
	for i, j := range v.f.Jobs {
		fields, ok := v.known.Personal[j.DataType]
		if !ok {
			continue
		}
		v.add(fmt.Sprintf("jobs[%d].data_type", i),
			fmt.Sprintf("data type %s carries personal fields (%s) and no privacy key is configured", j.DataType, strings.Join(fields, ", ")),
			`add the top-level section "privacy:" with "key: ${STEWARD_PII_KEY}" (or "key_file: PATH") beneath it; logs, run history, snapshots and reports then carry keyed tokens instead`)
	}
}
