package akeneo

import "github.com/stewardhq/steward/internal/sandbox/catalog"

// Name is the emulator's name in the sandbox (its URL, faults and saved state).
const Name = "akeneo"

// SandboxCredentials are the credentials the sandbox's Akeneo accepts:
// sandbox-only values, not secrets of any real system.
var SandboxCredentials = Credentials{ClientID: "steward_sandbox", Secret: "sandbox-client-secret", Username: "steward", Password: "sandbox-password"}

// Name names the emulator in the sandbox.
func (s *Server) Name() string { return Name }

// Sandbox returns the sandbox's emulator over cat, accepting SandboxCredentials.
func Sandbox(cat *catalog.Catalog) *Server { return New(cat, SandboxCredentials) }
