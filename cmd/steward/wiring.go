package main

import (
	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/internal/connector"
	"github.com/stewardhq/steward/internal/connector/akeneo"
	"github.com/stewardhq/steward/internal/connector/dataverse"
	"github.com/stewardhq/steward/internal/connector/filedrop"
	"github.com/stewardhq/steward/internal/connector/hubspot"
	"github.com/stewardhq/steward/internal/connector/odata"
	"github.com/stewardhq/steward/internal/connector/openai"
	"github.com/stewardhq/steward/internal/connector/pimcore"
	"github.com/stewardhq/steward/internal/connector/salesforce"
	"github.com/stewardhq/steward/internal/connector/salsify"
	"github.com/stewardhq/steward/transform"
)

// connectors is the one place that knows every system kind: one line per
// kind. Everything else (extractors, loaders, auth flows, probes, schema
// readers, sandbox emulators, the names config validation accepts) is
// derived from the registry it returns.
func connectors() *connector.Registry {
	reg := connector.NewRegistry()
	reg.Register(akeneo.Kind())
	reg.Register(odata.Kind())
	reg.Register(openai.Kind())
	reg.Register(pimcore.Kind())
	reg.Register(salsify.Kind())
	reg.Register(salesforce.Kind())
	reg.Register(filedrop.Kind())
	reg.Register(hubspot.Kind())
	reg.Register(dataverse.Kind())
	return reg
}

// known is what config validation checks names against: the registered
// kinds and auth flows, and steward's data types.
func known() *config.Known { return connectors().Known(transform.Builtin()) }
