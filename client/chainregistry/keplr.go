package chainregistry

// KeplrChainInfo is the ChainInfo Keplr's experimentalSuggestChain takes
// (and the keplr-chain-registry's cosmos/<chain>.json holds).
type KeplrChainInfo struct {
	ChainID       string          `json:"chainId"`
	ChainName     string          `json:"chainName"`
	RPC           string          `json:"rpc"`
	REST          string          `json:"rest"`
	Bip44         keplrBip44      `json:"bip44"`
	Bech32Config  keplrBech32     `json:"bech32Config"`
	Currencies    []KeplrCurrency `json:"currencies"`
	FeeCurrencies []KeplrCurrency `json:"feeCurrencies"`
	StakeCurrency KeplrCurrency   `json:"stakeCurrency"`
	Features      []string        `json:"features"`
}

type keplrBip44 struct {
	CoinType uint32 `json:"coinType"`
}

type keplrBech32 struct {
	AccAddr  string `json:"bech32PrefixAccAddr"`
	AccPub   string `json:"bech32PrefixAccPub"`
	ValAddr  string `json:"bech32PrefixValAddr"`
	ValPub   string `json:"bech32PrefixValPub"`
	ConsAddr string `json:"bech32PrefixConsAddr"`
	ConsPub  string `json:"bech32PrefixConsPub"`
}

// KeplrCurrency is one currency of a Keplr ChainInfo.
type KeplrCurrency struct {
	CoinDenom        string         `json:"coinDenom"`
	CoinMinimalDenom string         `json:"coinMinimalDenom"`
	CoinDecimals     uint32         `json:"coinDecimals"`
	CoinGeckoID      string         `json:"coinGeckoId,omitempty"`
	GasPriceStep     *keplrGasSteps `json:"gasPriceStep,omitempty"`
}

type keplrGasSteps struct {
	Low     float64 `json:"low"`
	Average float64 `json:"average"`
	High    float64 `json:"high"`
}

// Keplr builds the Keplr chain info. Wallets sign with the first rpc and
// rest endpoints of the source.
func (c Chain) Keplr() KeplrChainInfo {
	s, g, p := c.Source, c.Genesis, c.Bech32Prefix
	cur := KeplrCurrency{
		CoinDenom:        g.Token.Symbol,
		CoinMinimalDenom: g.Token.Base,
		CoinDecimals:     g.Exponent,
		CoinGeckoID:      s.CoingeckoID,
	}
	fee := cur
	fee.GasPriceStep = &keplrGasSteps{Low: s.GasPrices.Low, Average: s.GasPrices.Average, High: s.GasPrices.High}
	return KeplrChainInfo{
		ChainID:   g.ChainID,
		ChainName: s.PrettyName,
		RPC:       s.Apis.RPC[0].Address,
		REST:      s.Apis.REST[0].Address,
		Bip44:     keplrBip44{CoinType: s.Slip44},
		Bech32Config: keplrBech32{
			AccAddr: p, AccPub: p + "pub",
			ValAddr: p + "valoper", ValPub: p + "valoperpub",
			ConsAddr: p + "valcons", ConsPub: p + "valconspub",
		},
		Currencies:    []KeplrCurrency{cur},
		FeeCurrencies: []KeplrCurrency{fee},
		StakeCurrency: cur,
		Features:      []string{},
	}
}
