package config

import (
	"fmt"
	"os"
	"regexp"
	"strings"
)

// Redacted is how a secret prints everywhere.
const Redacted = "***"

// Secret holds a credential. It prints as *** in every format (fmt verbs, JSON,
// YAML, text, zerolog); Reveal is the one explicit call that returns the value.
type Secret struct {
	ref   string
	value string
}

// NewSecret wraps a value obtained elsewhere (tests, the demo).
func NewSecret(v string) Secret { return Secret{value: v} }

// Reveal returns the secret value. Call it only where the value is sent.
func (s Secret) Reveal() string { return s.value }

// Ref returns the reference the secret was configured by (such as
// ${STEWARD_PII_KEY}), never its value; "" for a secret read from a file or
// made in code.
func (s Secret) Ref() string { return s.ref }

// IsSet reports whether the secret was configured.
func (s Secret) IsSet() bool { return s.ref != "" || s.value != "" }

// String returns ***.
func (s Secret) String() string { return Redacted }

// GoString returns ***.
func (s Secret) GoString() string { return Redacted }

// Format writes *** for every verb.
func (s Secret) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte(Redacted)) }

// MarshalText returns ***, which also covers JSON and YAML.
func (s Secret) MarshalText() ([]byte, error) { return []byte(Redacted), nil }

// MarshalJSON returns "***".
func (s Secret) MarshalJSON() ([]byte, error) { return []byte(`"` + Redacted + `"`), nil }

// UnmarshalText keeps the reference as written; resolve turns it into a value.
func (s *Secret) UnmarshalText(b []byte) error {
	s.ref = string(b)
	return nil
}

var envRef = regexp.MustCompile(`^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$`)

// resolve reads the secret named key (such as password) from its ${ENV}
// reference or from file, the value of key_file. It returns a message and hint
// when the secret is missing, written literally, or given both ways; the
// message never contains the value.
func (s *Secret) resolve(key, file string, lookup func(string) (string, bool)) (msg, hint string) {
	switch {
	case s.ref != "" && file != "":
		return fmt.Sprintf("both %s and %s_file are given", key, key), "keep one of them"
	case file != "":
		b, err := os.ReadFile(file)
		if err != nil {
			return fmt.Sprintf("read secret file %s: %v", file, unwrapPathErr(err)), "point " + key + "_file at a readable file"
		}
		s.value = strings.TrimRight(string(b), "\r\n")
		return "", ""
	case s.ref == "":
		return "", ""
	}
	m := envRef.FindStringSubmatch(s.ref)
	if m == nil {
		s.ref = ""
		return "secret is written literally", "write ${ENV_VAR} or use the *_file key; secrets never live in the config file"
	}
	v, ok := lookup(m[1])
	if !ok || v == "" {
		return "environment variable " + m[1] + " is not set", "export " + m[1] + " or use the *_file key"
	}
	s.value = v
	return "", ""
}

func unwrapPathErr(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}
