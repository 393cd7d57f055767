package config

import (
	"strings"
	"testing"
)

// TestBadDurationPlaced: a value that is no duration (idle_timeout,
// max_age) is named with its line:col, key path and a hint, once.
func TestBadDurationPlaced(t *testing.T) {
	for src, want := range map[string]string{
		"  session: {idle_timeout: soon}":   `bad.yaml:26:13: serve.session.idle_timeout: "soon" is not a duration (hint: a number with its unit: 90s, 30m, 12h)`,
		"  session: {max_age: 30}":          `bad.yaml:26:13: serve.session.max_age: "30" is not a duration (hint: a number with its unit: 90s, 30m, 12h)`,
		"  session: {idle_timeout: \"1x\"}": `bad.yaml:26:13: serve.session.idle_timeout: "1x" is not a duration`,
	} {
		_, err := Parse("bad.yaml", []byte(good+"serve:\n"+src+"\n"), kinds, serveEnv)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s:\n got %v\nwant %s", src, err, want)
			continue
		}
		if n := strings.Count(err.Error(), "duration"); n != 1 {
			t.Errorf("%s: the duration is reported %d times:\n%v", src, n, err)
		}
	}
	if _, err := Parse("ok.yaml", []byte(good+"serve:\n  session: {idle_timeout: 0, max_age: 12h}\n"), kinds, serveEnv); err != nil {
		t.Errorf("idle_timeout 0: %v", err)
	}
}
