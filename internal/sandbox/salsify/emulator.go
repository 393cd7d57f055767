package salsify

import (
	"github.com/stewardhq/steward/internal/sandbox/catalog"
	"github.com/stewardhq/steward/internal/sandbox/fault"
)

// Name is the emulator's name in the sandbox (its URL, faults and saved state).
const Name = "salsify"

// Name names the emulator in the sandbox.
func (s *Server) Name() string { return Name }

// Sandbox returns the sandbox's emulator over cat: organization SandboxOrg,
// accepting SandboxToken.
func Sandbox(cat *catalog.Catalog) *Server { return New(cat, SandboxOrg, SandboxToken) }

// FaultShape answers injected faults as Salsify does, with the
// organization's rate-limit figures.
func (s *Server) FaultShape() fault.Responder { return s.Errors() }
