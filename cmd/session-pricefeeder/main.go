// Command session-pricefeeder feeds x/pro's SESH/USD price: it reads the
// markets where SESH trades (Uniswap V3 pools, HTTP tickers), takes the
// median of the healthy sources and submits MsgSubmitPrice, signed with a
// feeder delegate key. See README.md.
package main

import (
	"fmt"
	"os"
)

func main() {
	if err := rootCmd().Execute(); err != nil {
		fmt.Fprintln(os.Stderr, "Error:", err)
		os.Exit(1)
	}
}
