package main

import (
	"github.com/stewardhq/steward/internal/sandbox"
	akeneosb "github.com/stewardhq/steward/internal/sandbox/akeneo"
	"github.com/stewardhq/steward/internal/sandbox/catalog"
	dataversesb "github.com/stewardhq/steward/internal/sandbox/dataverse"
	"github.com/stewardhq/steward/internal/sandbox/fault"
	hubspotsb "github.com/stewardhq/steward/internal/sandbox/hubspot"
	"github.com/stewardhq/steward/internal/sandbox/llm"
	pimcoresb "github.com/stewardhq/steward/internal/sandbox/pimcore"
	salesforcesb "github.com/stewardhq/steward/internal/sandbox/salesforce"
	salsifysb "github.com/stewardhq/steward/internal/sandbox/salsify"
	"github.com/stewardhq/steward/internal/sandbox/sap"
)

// The credentials the sandbox's systems accept, as its config writes them:
// sandbox-only values, not secrets of any real system.
var (
	akeneoCredentials = akeneosb.SandboxCredentials
	sapCredentials    = sap.SandboxCredentials
	llmKey            = llm.SandboxKey
	pimcoreKey        = pimcoresb.SandboxKey
	salsifyToken      = salsifysb.SandboxToken
)

// sandboxSystems is a running sandbox with typed access to the emulators its
// config names: the PIMs (Akeneo, Pimcore, Salsify), the SAP ERP, the CRMs
// (HubSpot, Salesforce, Dataverse) and the sandbox model. Fields of an
// emulator the sandbox does not serve stay nil.
type sandboxSystems struct {
	*sandbox.Sandbox
	Akeneo     *akeneosb.Server
	Pimcore    *pimcoresb.Server
	Salsify    *salsifysb.Server
	SAP        *sap.Server
	HubSpot    *hubspotsb.Emulator
	Salesforce *salesforcesb.Emulator
	Dataverse  *dataversesb.Emulator
	LLM        *llm.Server
	// urls are the base URLs the systems answer on, by emulator name.
	urls map[string]string
	// AkeneoURL, SAPURL and LLMURL are the base URLs the systems answer on.
	AkeneoURL, SAPURL, LLMURL          string
	AkeneoFaults, SAPFaults, LLMFaults *fault.Set
}

// runSandbox starts the emulators of every registered kind.
func runSandbox(opt sandbox.Options) (*sandboxSystems, error) {
	opt.Emulators = connectors().Emulators()
	sb, err := sandbox.Start(opt)
	if err != nil {
		return nil, err
	}
	s := &sandboxSystems{Sandbox: sb, urls: map[string]string{},
		AkeneoFaults: sb.Faults(akeneosb.Name), SAPFaults: sb.Faults(sap.Name), LLMFaults: sb.Faults(llm.Name)}
	for _, name := range sb.Names() {
		s.urls[name] = sb.URL(name)
	}
	s.setURLs()
	s.Akeneo, _ = sb.Emulator(akeneosb.Name).(*akeneosb.Server)
	s.Pimcore, _ = sb.Emulator(pimcoresb.Name).(*pimcoresb.Server)
	s.Salsify, _ = sb.Emulator(salsifysb.Name).(*salsifysb.Server)
	s.SAP, _ = sb.Emulator(sap.Name).(*sap.Server)
	s.HubSpot, _ = sb.Emulator(hubspotsb.Name).(*hubspotsb.Emulator)
	s.Salesforce, _ = sb.Emulator(salesforcesb.Name).(*salesforcesb.Emulator)
	s.Dataverse, _ = sb.Emulator(dataversesb.Name).(*dataversesb.Emulator)
	s.LLM, _ = sb.Emulator(llm.Name).(*llm.Server)
	return s, nil
}

// setURLs fills the named URL fields from urls.
func (s *sandboxSystems) setURLs() {
	s.AkeneoURL, s.SAPURL, s.LLMURL = s.urls[akeneosb.Name], s.urls[sap.Name], s.urls[llm.Name]
}

// URL returns the base URL of the emulator called name ("" when none).
func (s *sandboxSystems) URL(name string) string { return s.urls[name] }

// emulatorNames lists the names of the registered kinds' emulators in the
// order sandbox.Start gives them ports, by building each over a one-product
// catalog.
func emulatorNames() []string {
	cat := catalog.New(1, 1)
	var names []string
	for _, f := range connectors().Emulators() {
		names = append(names, f(cat).Name())
	}
	return names
}
