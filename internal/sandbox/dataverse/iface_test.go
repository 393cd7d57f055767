package dataverse

import (
	"github.com/stewardhq/steward/internal/sandbox"
	"github.com/stewardhq/steward/internal/sandbox/catalog"
)

// The emulator is a sandbox emulator with its own fault shape.
var (
	_ sandbox.Emulator = (*Emulator)(nil)
	_ sandbox.Shaper   = (*Emulator)(nil)
	_ sandbox.Factory  = func(c *catalog.Catalog) sandbox.Emulator { return Sandbox(c) }
)
