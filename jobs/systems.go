package jobs

import (
	"fmt"

	"github.com/stewardhq/steward/internal/connector"
)

// kindOf returns the kind of a configured system.
func (r *Runner) kindOf(system string) (connector.Kind, error) {
	if r.Kinds == nil {
		return connector.Kind{}, fmt.Errorf("system %s: the runner has no connector kinds", system)
	}
	k, err := r.Kinds.Of(r.Config, system)
	if err != nil {
		return k, fmt.Errorf("system %s: %w", system, err)
	}
	return k, nil
}

// SystemSettings returns a system's decoded settings: the value cmd decoded
// when it loaded the config, or, for a runner given none, the systems'
// settings decoded once on first use.
func (r *Runner) SystemSettings(system string) (any, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.Settings == nil {
		if r.Kinds == nil {
			return nil, fmt.Errorf("system %s: the runner has no connector kinds", system)
		}
		s, ps := r.Kinds.Decode(r.Config)
		if len(ps) > 0 {
			return nil, ps
		}
		r.Settings = s
	}
	return r.Settings[system], nil
}
