package chainregistry

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"regexp"
	"strings"
)

// Endpoint is one API endpoint and who runs it.
type Endpoint struct {
	Address  string `json:"address"`
	Provider string `json:"provider"`
}

// Endpoints are the chain's public APIs by kind.
type Endpoints struct {
	RPC  []Endpoint `json:"rpc"`
	REST []Endpoint `json:"rest"`
	GRPC []Endpoint `json:"grpc"`
}

// Explorer is a block explorer and its page templates (${txHash},
// ${accountAddress} as in the chain registry).
type Explorer struct {
	Kind        string `json:"kind"`
	URL         string `json:"url"`
	TxPage      string `json:"tx_page,omitempty"`
	AccountPage string `json:"account_page,omitempty"`
}

// GasPrices are nsesh per unit of gas that wallets offer.
type GasPrices struct {
	Fixed   float64 `json:"fixed_min_gas_price"`
	Low     float64 `json:"low_gas_price"`
	Average float64 `json:"average_gas_price"`
	High    float64 `json:"high_gas_price"`
}

// ERC20 is the EVM token the chain's staking denom is bridged from.
type ERC20 struct {
	ChainName  string `json:"chain_name"`
	EvmChainID uint64 `json:"evm_chain_id"`
	Contract   string `json:"contract"`
	// Provider names the bridge in the asset's trace.
	Provider string `json:"provider"`
}

// Source is what the generated files say that a genesis does not.
type Source struct {
	ChainName   string     `json:"chain_name"`
	PrettyName  string     `json:"pretty_name"`
	NetworkType string     `json:"network_type"`
	Status      string     `json:"status"`
	Website     string     `json:"website"`
	Description string     `json:"description"`
	DaemonName  string     `json:"daemon_name"`
	NodeHome    string     `json:"node_home"`
	GitRepo     string     `json:"git_repo"`
	Slip44      uint32     `json:"slip44"`
	CoingeckoID string     `json:"coingecko_id,omitempty"`
	Apis        Endpoints  `json:"apis"`
	Explorers   []Explorer `json:"explorers"`
	GasPrices   GasPrices  `json:"gas_prices"`
	ERC20       ERC20      `json:"erc20"`
}

var (
	chainNameRe = regexp.MustCompile(`^[a-z0-9]+$`)
	evmAddrRe   = regexp.MustCompile(`^0x[0-9a-fA-F]{40}$`)
)

// LoadSource reads and validates a Source file.
func LoadSource(path string) (Source, error) {
	bz, err := os.ReadFile(path) //nolint:gosec // a file the operator names on the command line
	if err != nil {
		return Source{}, err
	}
	var s Source
	dec := json.NewDecoder(strings.NewReader(string(bz)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&s); err != nil {
		return Source{}, fmt.Errorf("%s: %w", path, err)
	}
	if err := s.Validate(); err != nil {
		return Source{}, fmt.Errorf("%s: %w", path, err)
	}
	return s, nil
}

// Validate says what a Source lacks for wallets and explorers to work.
func (s Source) Validate() error {
	var errs []error
	if !chainNameRe.MatchString(s.ChainName) {
		errs = append(errs, fmt.Errorf("chain_name %q: want lowercase letters and digits", s.ChainName))
	}
	for name, v := range map[string]string{"pretty_name": s.PrettyName, "network_type": s.NetworkType, "status": s.Status, "daemon_name": s.DaemonName} {
		if v == "" {
			errs = append(errs, fmt.Errorf("%s is empty", name))
		}
	}
	if len(s.Apis.RPC) == 0 || len(s.Apis.REST) == 0 {
		errs = append(errs, errors.New("apis: want at least one rpc and one rest endpoint"))
	}
	if s.GasPrices.Low < s.GasPrices.Fixed || s.GasPrices.Average < s.GasPrices.Low || s.GasPrices.High < s.GasPrices.Average {
		errs = append(errs, errors.New("gas_prices: want fixed <= low <= average <= high"))
	}
	if !evmAddrRe.MatchString(s.ERC20.Contract) {
		errs = append(errs, fmt.Errorf("erc20.contract %q: want a 0x-prefixed 20-byte hex address", s.ERC20.Contract))
	}
	if s.ERC20.ChainName == "" || s.ERC20.Provider == "" || s.ERC20.EvmChainID == 0 {
		errs = append(errs, errors.New("erc20: chain_name, evm_chain_id and provider are required"))
	}
	return errors.Join(errs...)
}
