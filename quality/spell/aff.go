package spell

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// flag is one affix or word flag, decoded by the dictionary's FLAG mode.
type flag = uint32

// flags is a word's or an affix's flag set; sets are small, so a slice.
type flags []flag

func (fs flags) has(f flag) bool {
	if f == 0 {
		return false
	}
	for _, x := range fs {
		if x == f {
			return true
		}
	}
	return false
}

// affix is one PFX or SFX rule.
type affix struct {
	flag       flag
	strip, add string
	cond       condition
	cont       flags
	cross, pfx bool
}

// affFile is what the checker uses of a hunspell .aff file.
type affFile struct {
	mode                                    string
	prefixes, suffixes                      map[string][]*affix
	needAffix, onlyInCompound, forbidden    flag
	compoundBegin, compoundMiddle, compound flag
	compoundEnd                             flag
	compoundMin                             int
	iconv                                   [][2]string
	// checkSharps (CHECKSHARPS) lets SS in a word in capitals stand for ß.
	checkSharps bool
}

// readAff parses an .aff file; name is for errors.
func readAff(r io.Reader, name string) (*affFile, error) {
	a := &affFile{prefixes: map[string][]*affix{}, suffixes: map[string][]*affix{}, compoundMin: 3}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<16), 1<<20)
	remaining := map[string]int{}
	cross := map[string]bool{}
	for line := 1; sc.Scan(); line++ {
		f := strings.Fields(sc.Text())
		if len(f) == 0 || strings.HasPrefix(f[0], "#") {
			continue
		}
		if err := a.directive(f, remaining, cross); err != nil {
			return nil, fmt.Errorf("read %s:%d: %w", name, line, err)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	return a, nil
}

// directive applies one line of the .aff file.
func (a *affFile) directive(f []string, remaining map[string]int, cross map[string]bool) error {
	one := func(dst *flag) error {
		if len(f) < 2 {
			return fmt.Errorf("%s without a flag", f[0])
		}
		fs, err := a.parseFlags(f[1])
		if err != nil || len(fs) != 1 {
			return fmt.Errorf("%s: flag %q: not one flag", f[0], f[1])
		}
		*dst = fs[0]
		return nil
	}
	switch f[0] {
	case "SET":
		if len(f) < 2 || !strings.EqualFold(f[1], "UTF-8") {
			return fmt.Errorf("encoding %v: only UTF-8 dictionaries are read", f[1:])
		}
	case "FLAG":
		if len(f) < 2 {
			return fmt.Errorf("FLAG without a mode")
		}
		a.mode = f[1]
	case "NEEDAFFIX":
		return one(&a.needAffix)
	case "ONLYINCOMPOUND":
		return one(&a.onlyInCompound)
	case "FORBIDDENWORD":
		return one(&a.forbidden)
	case "COMPOUNDFLAG":
		return one(&a.compound)
	case "COMPOUNDBEGIN":
		return one(&a.compoundBegin)
	case "COMPOUNDMIDDLE":
		return one(&a.compoundMiddle)
	case "COMPOUNDEND":
		return one(&a.compoundEnd)
	case "COMPOUNDMIN":
		if len(f) > 1 {
			if n, err := strconv.Atoi(f[1]); err == nil && n > 0 {
				a.compoundMin = n
			}
		}
	case "CHECKSHARPS":
		a.checkSharps = true
	case "ICONV":
		if len(f) == 3 {
			a.iconv = append(a.iconv, [2]string{f[1], f[2]})
		}
	case "PFX", "SFX":
		return a.affixLine(f, remaining, cross)
	}
	return nil
}

// affixLine reads a PFX/SFX header ("SFX F Y 35") or one of its rules
// ("SFX F strip add[/flags] condition").
func (a *affFile) affixLine(f []string, remaining map[string]int, cross map[string]bool) error {
	if len(f) < 4 {
		return fmt.Errorf("%s line with %d fields", f[0], len(f))
	}
	key := f[0] + " " + f[1]
	if remaining[key] == 0 {
		n, err := strconv.Atoi(f[3])
		if err != nil {
			return fmt.Errorf("%s header: count %q is not a number", key, f[3])
		}
		remaining[key], cross[key] = n, f[2] == "Y"
		return nil
	}
	remaining[key]--
	fs, err := a.parseFlags(f[1])
	if err != nil || len(fs) != 1 {
		return fmt.Errorf("%s: flag %q: not one flag", f[0], f[1])
	}
	r := &affix{flag: fs[0], strip: zero(f[2]), cross: cross[key], pfx: f[0] == "PFX", cond: parseCondition(".")}
	add, cont, _ := strings.Cut(f[3], "/")
	r.add = zero(add)
	if cont != "" {
		if r.cont, err = a.parseFlags(cont); err != nil {
			return fmt.Errorf("%s: %w", key, err)
		}
	}
	if len(f) > 4 {
		r.cond = parseCondition(f[4])
	}
	if r.pfx {
		a.prefixes[r.add] = append(a.prefixes[r.add], r)
	} else {
		a.suffixes[r.add] = append(a.suffixes[r.add], r)
	}
	return nil
}

// zero reads hunspell's "0" for the empty string.
func zero(s string) string {
	if s == "0" {
		return ""
	}
	return s
}

// parseFlags decodes a flag string in the file's FLAG mode.
func (a *affFile) parseFlags(s string) (flags, error) {
	var out flags
	switch a.mode {
	case "long":
		r := []rune(s)
		if len(r)%2 != 0 {
			return nil, fmt.Errorf("flags %q: odd length in FLAG long", s)
		}
		for k := 0; k < len(r); k += 2 {
			out = append(out, flag(r[k])<<16|flag(r[k+1]))
		}
	case "num":
		for _, p := range strings.Split(s, ",") {
			n, err := strconv.ParseUint(p, 10, 32)
			if err != nil || n == 0 {
				return nil, fmt.Errorf("flags %q: %q is not a flag number", s, p)
			}
			out = append(out, flag(n))
		}
	default:
		for k := 0; k < len(s); {
			r, n := utf8.DecodeRuneInString(s[k:])
			out = append(out, flag(r))
			k += n
		}
	}
	return out, nil
}
