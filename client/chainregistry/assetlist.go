package chainregistry

// AssetList is chain-registry's assetlist.json (assetlist.schema.json).
type AssetList struct {
	Schema    string  `json:"$schema"`
	ChainName string  `json:"chain_name"`
	Assets    []Asset `json:"assets"`
}

// Asset is one asset of an AssetList.
type Asset struct {
	Description string      `json:"description,omitempty"`
	DenomUnits  []DenomUnit `json:"denom_units"`
	TypeAsset   string      `json:"type_asset"`
	Base        string      `json:"base"`
	Name        string      `json:"name"`
	Display     string      `json:"display"`
	Symbol      string      `json:"symbol"`
	Traces      []Trace     `json:"traces,omitempty"`
	CoingeckoID string      `json:"coingecko_id,omitempty"`
}

// Trace says where an asset came from (a non-IBC transition).
type Trace struct {
	Type         string            `json:"type"`
	Counterparty TraceCounterparty `json:"counterparty"`
	Provider     string            `json:"provider"`
}

// TraceCounterparty is the asset on the chain it came from.
type TraceCounterparty struct {
	ChainName string `json:"chain_name"`
	BaseDenom string `json:"base_denom"`
	Contract  string `json:"contract,omitempty"`
}

// AssetList builds assetlist.json: the staking token, with a bridge trace to
// the ERC-20 through the bridge contract named in genesis (when there is one).
func (c Chain) AssetList() AssetList {
	s, t := c.Source, c.Genesis.Token
	return AssetList{
		Schema:    "../assetlist.schema.json",
		ChainName: s.ChainName,
		Assets: []Asset{{
			Description: t.Description,
			DenomUnits:  t.DenomUnits,
			TypeAsset:   "sdk.coin",
			Base:        t.Base,
			Name:        t.Name,
			Display:     t.Display,
			Symbol:      t.Symbol,
			Traces: []Trace{{
				Type: "bridge",
				Counterparty: TraceCounterparty{
					ChainName: s.ERC20.ChainName,
					BaseDenom: s.ERC20.Contract,
					Contract:  c.Genesis.BridgeContract,
				},
				Provider: s.ERC20.Provider,
			}},
			CoingeckoID: s.CoingeckoID,
		}},
	}
}
