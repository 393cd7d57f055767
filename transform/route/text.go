package route

import (
	"strings"
	"unicode"
)

// token is one word or number of a text, lower case.
type token struct {
	text string
	// measure is a number followed by a unit (0.734 kg): it identifies a
	// product; a bare integer (40 units) is usually a quantity.
	measure bool
}

// units are the unit words that make the number before them a measurement.
var units = set("kg", "g", "gram", "grams", "lb", "lbs", "cm", "mm", "m", "l", "ml", "w", "v", "inch", "inches")

// stopwords carry no product meaning.
var stopwords = set("a", "an", "and", "are", "as", "at", "be", "by", "can", "could", "do", "for", "from", "get", "hi", "hello",
	"i", "in", "is", "it", "me", "of", "on", "one", "or", "our", "please", "send", "that", "the", "this", "to", "touch",
	"us", "we", "what", "which", "with", "would", "you", "your", "need", "looking", "about", "any", "have", "will", "still")

func set(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

// tokens splits text into lower-case words and numbers: letters, digits
// and the dots, dashes and underscores inside them (0.734, SKU-0000123).
func tokens(text string) []token {
	raw := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '.' && r != '-' && r != '_'
	})
	out := make([]token, 0, len(raw))
	for _, w := range raw {
		if w = strings.Trim(w, ".-_"); w != "" {
			out = append(out, token{text: w})
		}
	}
	for i := range out {
		if isNumber(out[i].text) && i+1 < len(out) && units[out[i+1].text] {
			out[i].measure = true
		}
	}
	return out
}

// isNumber reports whether w is a decimal number (40, 0.734).
func isNumber(w string) bool {
	digits := false
	for _, r := range w {
		switch {
		case unicode.IsDigit(r):
			digits = true
		case r != '.' && r != ',':
			return false
		}
	}
	return digits
}

// weight is how much a shared token says about a product: a word 1, a
// measurement 1, a bare integer (a quantity, or a number in a name) 0.5;
// stopwords nothing.
func weight(t token) float64 {
	switch {
	case stopwords[t.text] || len(t.text) < 2 && !isNumber(t.text):
		return 0
	case isNumber(t.text) && !t.measure && !strings.Contains(t.text, "."):
		return 0.5
	}
	return 1
}

// words returns the distinct token texts of text.
func words(text string) map[string]bool {
	m := map[string]bool{}
	for _, t := range tokens(text) {
		m[t.text] = true
	}
	return m
}

// spamMarkers are phrases of unsolicited offers; two of them, or one with
// instruction-like text, make a lead spam.
var spamMarkers = []string{"backlink", "seo ", "seo,", "google ranking", "crypto", "investment opportunity", "click the link",
	"free audit", "followers", "marketing lists", "congratulations", "you have been selected", "casino", "viagra", "bitcoin", "buy followers"}

// injectionMarkers are phrases addressing a model or a system rather than a
// supplier: the router never follows them, it notes them.
var injectionMarkers = []string{"ignore previous instructions", "ignore all previous", "disregard your rules", "disregard previous",
	"system:", "admin mode", "assistant:", "you are now", "assign this lead", "set the score", "with score"}

// markers returns the markers of list found in text.
func markers(text string, list []string) []string {
	low := strings.ToLower(text)
	var out []string
	for _, m := range list {
		if strings.Contains(low, m) {
			out = append(out, strings.TrimSpace(strings.TrimRight(m, ",:")))
		}
	}
	return out
}
