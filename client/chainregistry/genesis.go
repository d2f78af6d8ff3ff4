package chainregistry

import (
	"encoding/json"
	"fmt"
	"os"
	"strconv"
)

// DenomUnit is one unit of a denom and its power of ten.
type DenomUnit struct {
	Denom    string   `json:"denom"`
	Exponent uint32   `json:"exponent"`
	Aliases  []string `json:"aliases,omitempty"`
}

// Metadata is the bank denom metadata of the staking denom.
type Metadata struct {
	Description string      `json:"description"`
	DenomUnits  []DenomUnit `json:"denom_units"`
	Base        string      `json:"base"`
	Display     string      `json:"display"`
	Name        string      `json:"name"`
	Symbol      string      `json:"symbol"`
}

// displayExponent is the exponent of the display unit.
func (m Metadata) displayExponent() (uint32, error) {
	for _, u := range m.DenomUnits {
		if u.Denom == m.Display {
			return u.Exponent, nil
		}
	}
	return 0, fmt.Errorf("denom metadata of %s: no unit for the display denom %q", m.Base, m.Display)
}

// Genesis is what the generated files take from a genesis file.
type Genesis struct {
	ChainID  string
	Token    Metadata
	Exponent uint32
	// BridgeContract is the bridge contract on the EVM side, empty until set.
	BridgeContract string
	// BridgeEvmChainID is the EVM chain of BridgeContract, 0 until set.
	BridgeEvmChainID uint64
}

type genesisFile struct {
	ChainID  string `json:"chain_id"`
	AppState struct {
		Bank struct {
			DenomMetadata []Metadata `json:"denom_metadata"`
		} `json:"bank"`
		Staking struct {
			Params struct {
				BondDenom string `json:"bond_denom"`
			} `json:"params"`
		} `json:"staking"`
		Bridge struct {
			Params struct {
				EvmChainID      string `json:"evm_chain_id"`
				ContractAddress string `json:"contract_address"`
			} `json:"params"`
		} `json:"bridge"`
	} `json:"app_state"`
}

// LoadGenesis reads a genesis file.
func LoadGenesis(path string) (Genesis, error) {
	bz, err := os.ReadFile(path) //nolint:gosec // a file the operator names on the command line
	if err != nil {
		return Genesis{}, err
	}
	g, err := ParseGenesis(bz)
	if err != nil {
		return Genesis{}, fmt.Errorf("%s: %w", path, err)
	}
	return g, nil
}

// ParseGenesis reads the chain id, the staking denom's metadata and the
// bridge params from genesis JSON.
func ParseGenesis(bz []byte) (Genesis, error) {
	var f genesisFile
	if err := json.Unmarshal(bz, &f); err != nil {
		return Genesis{}, err
	}
	if f.ChainID == "" {
		return Genesis{}, fmt.Errorf("genesis has no chain_id")
	}
	bond := f.AppState.Staking.Params.BondDenom
	if bond == "" {
		return Genesis{}, fmt.Errorf("genesis has no staking bond_denom")
	}
	g := Genesis{ChainID: f.ChainID, BridgeContract: f.AppState.Bridge.Params.ContractAddress}
	found := false
	for _, m := range f.AppState.Bank.DenomMetadata {
		if m.Base == bond {
			g.Token, found = m, true
			break
		}
	}
	if !found {
		return Genesis{}, fmt.Errorf("genesis bank denom_metadata has no entry for the bond denom %q", bond)
	}
	exp, err := g.Token.displayExponent()
	if err != nil {
		return Genesis{}, err
	}
	g.Exponent = exp
	if s := f.AppState.Bridge.Params.EvmChainID; s != "" {
		id, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			return Genesis{}, fmt.Errorf("bridge evm_chain_id %q: %w", s, err)
		}
		g.BridgeEvmChainID = id
	}
	return g, nil
}
