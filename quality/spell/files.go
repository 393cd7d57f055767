package spell

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// Package names the Debian package shipping the dictionary of locale.
func Package(locale string) string {
	lang, _, _ := strings.Cut(locale, "_")
	if lang == "fr" {
		return "hunspell-fr"
	}
	return "hunspell-" + strings.ToLower(strings.ReplaceAll(locale, "_", "-"))
}

// Available checks that dir holds the dictionary of locale without loading
// it: a missing file is an error naming it and the Debian package that
// ships it, as Open reports it.
func Available(dir, locale string) error {
	_, err := dictBase(dir, locale)
	return err
}

// dictBase is the path of locale's .aff and .dic files without extension:
// <locale> or, where only they exist, the language's alone (fr for fr_FR).
func dictBase(dir, locale string) (string, error) {
	base := filepath.Join(dir, locale)
	if lang, _, ok := strings.Cut(locale, "_"); ok && !exists(base+".aff") && !exists(base+".dic") {
		if l := filepath.Join(dir, lang); exists(l+".aff") || exists(l+".dic") {
			base = l
		}
	}
	for _, ext := range []string{".aff", ".dic"} {
		if !exists(base + ext) {
			return "", fmt.Errorf("spelling dictionary for %s: %s does not exist (install the Debian package %s)",
				locale, base+ext, Package(locale))
		}
	}
	return base, nil
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return !errors.Is(err, fs.ErrNotExist)
}

// checkFiles checks what libhunspell would pass over in silence: both files
// must be readable, and the .dic must begin with its word count (without
// it libhunspell loads no word and every word is misspelled).
func checkFiles(base string) error {
	aff, err := os.Open(base + ".aff")
	if err != nil {
		return fmt.Errorf("read affix file: %w", err)
	}
	aff.Close()
	dic, err := os.Open(base + ".dic")
	if err != nil {
		return fmt.Errorf("read word list: %w", err)
	}
	defer dic.Close()
	line, err := bufio.NewReader(io.LimitReader(dic, 4096)).ReadString('\n')
	if err != nil && line == "" {
		return fmt.Errorf("read %s.dic:1: %w", base, err)
	}
	if !isWordCount(line) {
		return fmt.Errorf("read %s.dic:1: %q is not the word count hunspell needs on the first line", base, strings.TrimSpace(line))
	}
	return nil
}

// isWordCount reports whether the first line of a .dic file starts with a
// positive number (after a byte order mark), as libhunspell requires.
func isWordCount(line string) bool {
	f := strings.Fields(strings.TrimPrefix(line, "\ufeff"))
	if len(f) == 0 {
		return false
	}
	n, err := strconv.Atoi(f[0])
	return err == nil && n > 0
}
