package main

import (
	"github.com/stewardhq/steward/internal/sandbox"
	akeneosb "github.com/stewardhq/steward/internal/sandbox/akeneo"
	"github.com/stewardhq/steward/internal/sandbox/fault"
	"github.com/stewardhq/steward/internal/sandbox/llm"
	"github.com/stewardhq/steward/internal/sandbox/sap"
)

// The credentials the sandbox's systems accept, as its config writes them:
// sandbox-only values, not secrets of any real system.
var (
	akeneoCredentials = akeneosb.SandboxCredentials
	sapCredentials    = sap.SandboxCredentials
	llmKey            = llm.SandboxKey
)

// sandboxSystems is a running sandbox with typed access to the emulators its
// config names: the Akeneo PIM, the SAP ERP and the sandbox model. Fields of
// an emulator the sandbox does not serve stay nil.
type sandboxSystems struct {
	*sandbox.Sandbox
	Akeneo *akeneosb.Server
	SAP    *sap.Server
	LLM    *llm.Server
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
	s := &sandboxSystems{Sandbox: sb,
		AkeneoURL: sb.URL(akeneosb.Name), SAPURL: sb.URL(sap.Name), LLMURL: sb.URL(llm.Name),
		AkeneoFaults: sb.Faults(akeneosb.Name), SAPFaults: sb.Faults(sap.Name), LLMFaults: sb.Faults(llm.Name)}
	s.Akeneo, _ = sb.Emulator(akeneosb.Name).(*akeneosb.Server)
	s.SAP, _ = sb.Emulator(sap.Name).(*sap.Server)
	s.LLM, _ = sb.Emulator(llm.Name).(*llm.Server)
	return s, nil
}
