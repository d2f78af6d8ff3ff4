package chainregistry

// Versions are the versions of the software the chain runs.
type Versions struct {
	SDK      string
	CometBFT string
}

// Chain is what every generated file is made from.
type Chain struct {
	Source       Source
	Genesis      Genesis
	Bech32Prefix string
	Versions     Versions
}

// ChainJSON is chain-registry's chain.json (chain.schema.json).
type ChainJSON struct {
	Schema       string         `json:"$schema"`
	ChainName    string         `json:"chain_name"`
	ChainType    string         `json:"chain_type"`
	ChainID      string         `json:"chain_id"`
	PrettyName   string         `json:"pretty_name"`
	Website      string         `json:"website,omitempty"`
	Status       string         `json:"status"`
	NetworkType  string         `json:"network_type"`
	Bech32Prefix string         `json:"bech32_prefix"`
	DaemonName   string         `json:"daemon_name"`
	NodeHome     string         `json:"node_home"`
	KeyAlgos     []string       `json:"key_algos"`
	Slip44       uint32         `json:"slip44"`
	Fees         chainFees      `json:"fees"`
	Staking      chainStaking   `json:"staking"`
	Codebase     chainCodebase  `json:"codebase"`
	Description  string         `json:"description,omitempty"`
	Apis         chainApis      `json:"apis"`
	Explorers    []chainExplore `json:"explorers,omitempty"`
}

type chainFeeToken struct {
	Denom            string  `json:"denom"`
	FixedMinGasPrice float64 `json:"fixed_min_gas_price"`
	LowGasPrice      float64 `json:"low_gas_price"`
	AverageGasPrice  float64 `json:"average_gas_price"`
	HighGasPrice     float64 `json:"high_gas_price"`
}

type chainFees struct {
	FeeTokens []chainFeeToken `json:"fee_tokens"`
}

type chainStaking struct {
	StakingTokens []struct {
		Denom string `json:"denom"`
	} `json:"staking_tokens"`
}

type chainSdk struct {
	Type    string `json:"type"`
	Version string `json:"version,omitempty"`
}

type chainConsensus struct {
	Type    string `json:"type"`
	Version string `json:"version,omitempty"`
}

type chainCodebase struct {
	GitRepo   string         `json:"git_repo,omitempty"`
	Sdk       chainSdk       `json:"sdk"`
	Consensus chainConsensus `json:"consensus"`
}

type chainApis struct {
	RPC  []Endpoint `json:"rpc"`
	REST []Endpoint `json:"rest"`
	GRPC []Endpoint `json:"grpc,omitempty"`
}

type chainExplore struct {
	Kind        string `json:"kind"`
	URL         string `json:"url"`
	TxPage      string `json:"tx_page,omitempty"`
	AccountPage string `json:"account_page,omitempty"`
}

// ChainJSON builds chain.json.
func (c Chain) ChainJSON() ChainJSON {
	s, g := c.Source, c.Genesis
	out := ChainJSON{
		Schema:       "../chain.schema.json",
		ChainName:    s.ChainName,
		ChainType:    "cosmos",
		ChainID:      g.ChainID,
		PrettyName:   s.PrettyName,
		Website:      s.Website,
		Status:       s.Status,
		NetworkType:  s.NetworkType,
		Bech32Prefix: c.Bech32Prefix,
		DaemonName:   s.DaemonName,
		NodeHome:     s.NodeHome,
		KeyAlgos:     []string{"secp256k1"},
		Slip44:       s.Slip44,
		Fees: chainFees{FeeTokens: []chainFeeToken{{
			Denom:            g.Token.Base,
			FixedMinGasPrice: s.GasPrices.Fixed,
			LowGasPrice:      s.GasPrices.Low,
			AverageGasPrice:  s.GasPrices.Average,
			HighGasPrice:     s.GasPrices.High,
		}}},
		Codebase: chainCodebase{
			GitRepo:   s.GitRepo,
			Sdk:       chainSdk{Type: "cosmos", Version: c.Versions.SDK},
			Consensus: chainConsensus{Type: "cometbft", Version: c.Versions.CometBFT},
		},
		Description: s.Description,
		Apis:        chainApis{RPC: s.Apis.RPC, REST: s.Apis.REST, GRPC: s.Apis.GRPC},
	}
	out.Staking.StakingTokens = append(out.Staking.StakingTokens, struct {
		Denom string `json:"denom"`
	}{Denom: g.Token.Base})
	for _, e := range s.Explorers {
		out.Explorers = append(out.Explorers, chainExplore(e))
	}
	return out
}
