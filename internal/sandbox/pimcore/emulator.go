package pimcore

import (
	"github.com/stewardhq/steward/internal/sandbox/catalog"
	"github.com/stewardhq/steward/internal/sandbox/fault"
)

// Name is the emulator's name in the sandbox (its URL, faults and saved state).
const Name = "pimcore"

// SandboxKey is the Datahub API key the sandbox's Pimcore accepts (header
// apikey): a sandbox-only value, not a secret of any real system.
const SandboxKey = "sandbox-pimcore-key"

// Name names the emulator in the sandbox.
func (s *Server) Name() string { return Name }

// Sandbox returns the sandbox's emulator over cat, accepting SandboxKey.
func Sandbox(cat *catalog.Catalog) *Server { return New(cat, SandboxKey) }

// FaultShape answers injected faults as Pimcore's hosting does.
func (s *Server) FaultShape() fault.Responder { return Errors{} }
