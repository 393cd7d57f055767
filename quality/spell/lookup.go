package spell

import "strings"

// dictionary is one locale's word list with its affix rules.
type dictionary struct {
	aff   *affFile
	words map[string][]flags
}

// analysis is one way to read a word: a dictionary root, the continuation
// flags of the affixes applied to it, and whether any was.
type analysis struct {
	root, cont flags
	affixed    bool
}

// has reports whether the root or an applied affix carries f.
func (a analysis) has(f flag) bool { return a.root.has(f) || a.cont.has(f) }

// forms calls fn for every analysis of word: as listed, with a suffix (two
// levels deep), with a prefix, and with both where the rules cross.
func (d *dictionary) forms(word string, fn func(analysis)) {
	for _, fs := range d.words[word] {
		fn(analysis{root: fs})
	}
	d.suffixed(word, 0, 0, false, fn)
	d.prefixed(word, fn)
}

// suffixed finds roots of word with one suffix rule (whose continuation
// holds via, when via is set) and, one level deeper, with two.
func (d *dictionary) suffixed(word string, via flag, depth int, needCross bool, fn func(analysis)) {
	for k := 0; k <= len(word); k++ {
		for _, r := range d.aff.suffixes[word[k:]] {
			if (via != 0 && !r.cont.has(via)) || (needCross && !r.cross) {
				continue
			}
			base := word[:k] + r.strip
			if base == "" || !r.cond.matchEnd(base) {
				continue
			}
			for _, fs := range d.words[base] {
				if fs.has(r.flag) {
					fn(analysis{root: fs, cont: r.cont, affixed: true})
				}
			}
			if depth == 0 && via == 0 {
				d.suffixed(base, r.flag, 1, needCross, func(a analysis) {
					a.cont = append(append(flags{}, a.cont...), r.cont...)
					fn(a)
				})
			}
		}
	}
}

// prefixed finds roots of word with a prefix rule, alone or crossed with a
// suffix.
func (d *dictionary) prefixed(word string, fn func(analysis)) {
	for k := 0; k <= len(word); k++ {
		for _, r := range d.aff.prefixes[word[:k]] {
			base := r.strip + word[k:]
			if base == "" || !r.cond.matchStart(base) {
				continue
			}
			for _, fs := range d.words[base] {
				if fs.has(r.flag) {
					fn(analysis{root: fs, cont: r.cont, affixed: true})
				}
			}
			if !r.cross {
				continue
			}
			d.suffixed(base, 0, 0, true, func(a analysis) {
				if a.has(r.flag) {
					a.cont = append(append(flags{}, a.cont...), r.cont...)
					fn(a)
				}
			})
		}
	}
}

// usable reports whether an analysis stands for a word: not forbidden, and
// neither needing an affix it lacks nor living only inside compounds unless
// inCompound.
func (d *dictionary) usable(a analysis, inCompound bool) bool {
	af := d.aff
	switch {
	case a.root.has(af.forbidden):
		return false
	case !inCompound && a.has(af.onlyInCompound):
		return false
	case a.root.has(af.needAffix) && !a.affixed, a.cont.has(af.needAffix):
		return false
	}
	return true
}

// known reports whether word is correct as it stands, as a word or as a
// compound.
func (d *dictionary) known(word string) bool {
	for _, fs := range d.words[word] {
		if fs.has(d.aff.forbidden) {
			return false
		}
	}
	ok := false
	d.forms(word, func(a analysis) { ok = ok || d.usable(a, false) })
	return ok || d.compound(word)
}

// part reports whether word may stand at a compound position needing pos.
func (d *dictionary) part(word string, pos flag) bool {
	ok := false
	d.forms(word, func(a analysis) {
		ok = ok || (d.usable(a, true) && (a.has(pos) || a.has(d.aff.compound)))
	})
	return ok
}

// convert applies the dictionary's input conversions (ICONV).
func (d *dictionary) convert(word string) string {
	for _, c := range d.aff.iconv {
		word = strings.ReplaceAll(word, c[0], c[1])
	}
	return word
}
