package filedrop

import (
	"fmt"
	"os"

	"github.com/stewardhq/steward/config"
)

// Probe checks a file drop system for validate --connect: its folder can be
// listed and written (a hidden temporary file is created and removed). It
// returns how many complete files wait in it.
func Probe(f *config.File, system string) (string, error) {
	s, ps := DecodeSettings(f, system)
	if len(ps) > 0 {
		return "", ps
	}
	return ProbeFolder(s)
}

// ProbeFolder is Probe for settings already decoded.
func ProbeFolder(s Settings) (string, error) {
	d := NewFolder(s)
	files, err := d.Complete()
	if err != nil {
		return "", err
	}
	tmp, err := os.CreateTemp(s.Folder, ".steward-probe-*.tmp")
	if err != nil {
		return "", fmt.Errorf("write to drop folder: %w", err)
	}
	tmp.Close()
	if err := os.Remove(tmp.Name()); err != nil {
		return "", fmt.Errorf("write to drop folder: %w", err)
	}
	return fmt.Sprintf("folder %s: %d complete files waiting", s.Folder, len(files)), nil
}
