package sap

import "github.com/stewardhq/steward/internal/sandbox/catalog"

// Name is the emulator's name in the sandbox (its URL, faults and saved state).
const Name = "sap"

// SandboxCredentials are the credentials the sandbox's SAP accepts:
// sandbox-only values, not secrets of any real system.
var SandboxCredentials = Credentials{User: "STEWARD_COMM", Password: "sandbox-password", ClientID: "STEWARD_COMM", ClientSecret: "sandbox-client-secret"}

// Name names the emulator in the sandbox.
func (s *Server) Name() string { return Name }

// Sandbox returns the sandbox's emulator over cat, accepting SandboxCredentials.
func Sandbox(cat *catalog.Catalog) *Server { return New(cat, SandboxCredentials) }
