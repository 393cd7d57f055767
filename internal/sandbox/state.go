package sandbox

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/stewardhq/steward/internal/atomicfile"
	"github.com/stewardhq/steward/internal/sandbox/catalog"
)

// StateFile is the file in a state folder that holds a sandbox's state.
const StateFile = "state.json"

const stateVersion = 1

// State is what a sandbox keeps between runs: the catalog it was built from
// and each emulator's mutable data (writes, created and deleted records), by
// system name, as the emulator saved it.
type State struct {
	Version  int    `json:"version"`
	Products int    `json:"products"`
	Seed     uint64 `json:"seed"`
	// Profile is the catalog's profile ("" for the headline profile).
	Profile string                     `json:"profile,omitempty"`
	Systems map[string]json.RawMessage `json:"systems"`
}

// ReadState reads the state saved in dir; it returns nil without error when
// dir holds none.
func ReadState(dir string) (*State, error) {
	path := filepath.Join(dir, StateFile)
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read sandbox state: %w", err)
	}
	var st State
	if err := json.Unmarshal(b, &st); err != nil {
		return nil, fmt.Errorf("read sandbox state %s: %w", path, err)
	}
	if st.Version != stateVersion || st.Products <= 0 {
		return nil, fmt.Errorf("read sandbox state %s: version %d with %d products; want version %d with at least one product",
			path, st.Version, st.Products, stateVersion)
	}
	return &st, nil
}

// load gives each emulator its saved state; a system the sandbox does not
// serve is refused.
func (sb *Sandbox) load(st *State) error {
	for name, raw := range st.Systems {
		s := sb.find(name)
		if s == nil {
			return fmt.Errorf("load sandbox state: no system %q in this sandbox", name)
		}
		if err := s.em.LoadState(raw); err != nil {
			return fmt.Errorf("load sandbox state: %w", err)
		}
	}
	return nil
}

// SaveState writes the sandbox's state into dir (created if missing) as
// StateFile, whole or not at all; Options.State with ReadState(dir) serves it
// again. Save after the clients are done: writes in flight may be missed.
func (sb *Sandbox) SaveState(dir string) error {
	st := State{Version: stateVersion, Products: sb.Catalog.N, Seed: sb.Catalog.Seed, Profile: profileOf(sb.Catalog), Systems: map[string]json.RawMessage{}}
	for _, s := range sb.served {
		raw, err := s.em.SaveState()
		if err != nil {
			return fmt.Errorf("save sandbox state: %w", err)
		}
		if raw != nil {
			st.Systems[s.em.Name()] = raw
		}
	}
	b, err := json.MarshalIndent(st, "", "  ")
	if err != nil {
		return fmt.Errorf("save sandbox state: %w", err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("save sandbox state: %w", err)
	}
	return atomicfile.Write(filepath.Join(dir, StateFile), func(f *os.File) error {
		_, err := f.Write(append(b, '\n'))
		return err
	})
}

// profileOf is the profile a state records: "" for the headline profile,
// so that states saved before profiles existed read the same.
func profileOf(c *catalog.Catalog) string {
	if c.Profile == catalog.Headline {
		return ""
	}
	return c.Profile
}
