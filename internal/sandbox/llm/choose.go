package llm

import (
	"encoding/json"
	"strings"
	"unicode"
)

// choose is the sandbox model's closed-answer mode, used when a prompt
// fences an inquiry and candidate products (<<<INQUIRY … INQUIRY>>>,
// <<<CANDIDATES … CANDIDATES>>>, both JSON). It is a deterministic
// word-overlap "model", not a language model: it answers the SKU of the
// candidate whose texts share the most words with the inquiry, or NONE when
// no candidate shares a word or the best two tie. A bare integer (usually a
// quantity) counts half, and a word counts less the more candidates share
// it (a word every candidate holds tells none apart). Anything in the fences, instructions
// included, is only counted as words.
func choose(prompt string) string {
	inq, ok1 := fenced(prompt, "INQUIRY")
	cands, ok2 := fenced(prompt, "CANDIDATES")
	var in map[string]any
	var list []map[string]any
	if !ok1 || !ok2 || json.Unmarshal([]byte(inq), &in) != nil || json.Unmarshal([]byte(cands), &list) != nil {
		return "NONE"
	}
	asked := words(strings.Join(strs(in), " "))
	texts := make([]map[string]float64, len(list))
	df := map[string]int{}
	for i, c := range list {
		texts[i] = words(strings.Join(strs(c), " "))
		for w := range texts[i] {
			df[w]++
		}
	}
	best, bestScore, tie := "", 0.0, false
	for i, c := range list {
		sku, _ := c["sku"].(string)
		score := 0.0
		for w, weight := range asked {
			if _, ok := texts[i][w]; ok {
				// A word most candidates share tells them apart poorly.
				score += weight * float64(len(list)-df[w]+1) / float64(len(list))
			}
		}
		switch {
		case score > bestScore:
			best, bestScore, tie = sku, score, false
		case score == bestScore && score > 0:
			tie = true
		}
	}
	if best == "" || tie {
		return "NONE"
	}
	return best
}

// fenced returns the text between <<<NAME\n and \nNAME>>>.
func fenced(prompt, name string) (string, bool) {
	_, rest, ok := strings.Cut(prompt, "<<<"+name+"\n")
	if !ok {
		return "", false
	}
	block, _, ok := strings.Cut(rest, "\n"+name+">>>")
	return block, ok
}

// strs collects the strings of a decoded JSON value.
func strs(v any) []string {
	switch x := v.(type) {
	case string:
		return []string{x}
	case map[string]any:
		var out []string
		for _, e := range x {
			out = append(out, strs(e)...)
		}
		return out
	case []any:
		var out []string
		for _, e := range x {
			out = append(out, strs(e)...)
		}
		return out
	}
	return nil
}

// filler are words that say nothing about a product.
var filler = map[string]bool{"the": true, "a": true, "an": true, "and": true, "for": true, "of": true, "to": true, "we": true,
	"you": true, "your": true, "our": true, "from": true, "with": true, "in": true, "is": true, "it": true, "please": true, "that": true}

// words maps the distinct lower-case words of text to their weight.
func words(text string) map[string]float64 {
	out := map[string]float64{}
	for _, w := range strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '.' && r != '-'
	}) {
		w = strings.Trim(w, ".-")
		switch {
		case w == "" || filler[w]:
		case strings.IndexFunc(w, func(r rune) bool { return !unicode.IsDigit(r) }) < 0:
			out[w] = 0.5
		default:
			out[w] = 1
		}
	}
	return out
}
