package spell

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"unicode"
)

// readDic parses a .dic file into words and their flag sets; a word listed
// twice (homonyms) keeps both sets. name is for errors.
func readDic(r io.Reader, name string, a *affFile) (map[string][]flags, error) {
	words := map[string][]flags{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<16), 1<<20)
	for line := 1; sc.Scan(); line++ {
		text := strings.TrimSpace(sc.Text())
		if text == "" || (line == 1 && isCount(text)) {
			continue
		}
		word, fl := splitEntry(text)
		fs, err := a.parseFlags(fl)
		if err != nil {
			return nil, fmt.Errorf("read %s:%d: %w", name, line, err)
		}
		words[word] = append(words[word], fs)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	return words, nil
}

func isCount(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return !unicode.IsDigit(r) }) < 0
}

// splitEntry splits "word/flags morphology" into word and flags; "\/" is a
// slash inside the word.
func splitEntry(s string) (string, string) {
	if i := strings.IndexAny(s, " \t"); i >= 0 {
		s = s[:i]
	}
	var word strings.Builder
	for k := 0; k < len(s); k++ {
		switch {
		case s[k] == '\\' && k+1 < len(s) && s[k+1] == '/':
			word.WriteByte('/')
			k++
		case s[k] == '/':
			return word.String(), s[k+1:]
		default:
			word.WriteByte(s[k])
		}
	}
	return word.String(), ""
}
