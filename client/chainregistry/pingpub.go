package chainregistry

import "strconv"

// PingPub is a ping.pub explorer chain config (chains/<network>/<chain>.json).
type PingPub struct {
	ChainName  string          `json:"chain_name"`
	Coingecko  string          `json:"coingecko,omitempty"`
	API        []Endpoint      `json:"api"`
	RPC        []Endpoint      `json:"rpc"`
	SdkVersion string          `json:"sdk_version"`
	CoinType   string          `json:"coin_type"`
	MinTxFee   string          `json:"min_tx_fee"`
	AddrPrefix string          `json:"addr_prefix"`
	Assets     []pingPubAssets `json:"assets"`
}

type pingPubAssets struct {
	Base        string `json:"base"`
	Symbol      string `json:"symbol"`
	Exponent    string `json:"exponent"`
	CoingeckoID string `json:"coingecko_id,omitempty"`
}

// simpleSendGas is the gas ping.pub's minimum fee is priced for: a bank send
// uses under 100,000.
const simpleSendGas = 100_000

// PingPub builds the ping.pub config. Its minimum fee is a bank send's gas at
// the fixed minimum gas price, rounded up to a whole nsesh.
func (c Chain) PingPub() PingPub {
	s, g := c.Source, c.Genesis
	minFee := s.GasPrices.Fixed * simpleSendGas
	fee := int64(minFee)
	if float64(fee) < minFee {
		fee++
	}
	return PingPub{
		ChainName:  s.ChainName,
		Coingecko:  s.CoingeckoID,
		API:        s.Apis.REST,
		RPC:        s.Apis.RPC,
		SdkVersion: c.Versions.SDK,
		CoinType:   strconv.FormatUint(uint64(s.Slip44), 10),
		MinTxFee:   strconv.FormatInt(fee, 10),
		AddrPrefix: c.Bech32Prefix,
		Assets: []pingPubAssets{{
			Base:        g.Token.Base,
			Symbol:      g.Token.Symbol,
			Exponent:    strconv.FormatUint(uint64(g.Exponent), 10),
			CoingeckoID: s.CoingeckoID,
		}},
	}
}
