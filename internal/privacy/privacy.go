// Package privacy pseudonymizes personal data wherever it leaves staging:
// logs, the run history, Parquet snapshots, reports, quarantine and dead
// letters. A personal value becomes a keyed token, "pii:" and the first 20
// hex digits of HMAC-SHA256(key, value): the same value gives the same token
// under the same key (joins across snapshots still work), and without the key
// a token cannot be traced back, even for values as guessable as a phone
// number. Staging (SQLite's staged rows and outbox) keeps plain values, which
// write-back needs; so do the crosswalk's match values and the escalations,
// whose versions a person decides between.
//
// Where the runner pseudonymizes (jobs/privacy.go), for data types that
// declare personal fields (transform.DataType.PII):
//   - quarantine: the raw bytes are native, their field names each
//     connector's own, so inside parseable JSON every string and number
//     becomes its token (structure, names, booleans and nulls stay); bytes
//     that do not parse keep only their length and token (Raw). The reason
//     has every value of the record replaced (TextOf).
//   - dead letters: the personal fields of the payload become tokens and the
//     reason has the write's values replaced; the outbox row keeps the plain
//     write, which a replay sends again.
//   - Parquet snapshots: the personal fields of every row (Fields).
//   - run errors and log lines: every personal value the runner has seen
//     (Learn), e-mail addresses and phone numbers (Text), through the log
//     writer and the store's texts (internal/scrub's Private).
package privacy

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net/url"
	"strings"
	"sync"

	"github.com/stewardhq/steward/config"
)

// Prefix starts every token.
const Prefix = "pii:"

// tokenHex is how many hex digits of the HMAC a token keeps (80 bits).
const tokenHex = 20

// Pseudonymizer replaces personal values by tokens. It remembers the
// personal values it has seen (Learn), so that Text can replace them in free
// text such as an error message that quotes one. It is safe for concurrent
// use. A nil *Pseudonymizer still replaces e-mail addresses and phone
// numbers in Text with "pii:redacted", and tokenizes nothing else.
type Pseudonymizer struct {
	key []byte
	mu  sync.RWMutex
	// known maps each learned value to its token.
	known map[string]string
}

// New returns a pseudonymizer for key; nil for an empty key.
func New(key string) *Pseudonymizer {
	if key == "" {
		return nil
	}
	return &Pseudonymizer{key: []byte(key), known: map[string]string{}}
}

// FromConfig returns the pseudonymizer of f's privacy key (nil when none).
func FromConfig(f *config.File) *Pseudonymizer {
	if f == nil {
		return nil
	}
	return New(f.Privacy.Key.Reveal())
}

// Token returns the token of one value.
func (p *Pseudonymizer) Token(v string) string {
	if p == nil {
		return Prefix + "redacted"
	}
	m := hmac.New(sha256.New, p.key)
	m.Write([]byte(v))
	return Prefix + hex.EncodeToString(m.Sum(nil))[:tokenHex]
}

// IsToken reports whether s is a token (or already redacted).
func IsToken(s string) bool { return strings.HasPrefix(s, Prefix) }

// minLearn is the shortest value Text replaces as text: shorter ones would
// replace parts of ordinary words.
const minLearn = 3

// maxKnown bounds the learned values: past it the set starts again, so a
// scheduler running for months over millions of records keeps flat memory
// while the values of the pages in hand (those an error is about) are known.
const maxKnown = 200_000

// Learn remembers personal values, for Text.
func (p *Pseudonymizer) Learn(values ...string) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.known)+len(values) > maxKnown {
		clear(p.known)
	}
	for _, v := range values {
		t := trimValue(v)
		if len([]rune(t)) < minLearn || IsToken(v) {
			continue
		}
		if _, ok := p.known[t]; ok {
			continue
		}
		tok := p.Token(v)
		p.known[t] = tok
		// as an address carries it (an alternate key, a filter, a link)
		for _, enc := range []string{url.QueryEscape(t), url.PathEscape(t)} {
			if enc != t {
				p.known[trimValue(enc)] = tok
			}
		}
	}
}

// lookup returns the token of a learned value.
func (p *Pseudonymizer) lookup(v string) (string, bool) {
	if p == nil {
		return "", false
	}
	p.mu.RLock()
	defer p.mu.RUnlock()
	t, ok := p.known[v]
	return t, ok
}
