// Command session-relayer is the bridge relayer every validator of the
// Session Token chain runs: it attests deposits on the SessionBridge contract
// to the chain, signs outbound transfers and signer sets with the validator's
// EVM key, submits withdrawals and signer-set updates to the contract, and
// exports the bridge's supply parity as Prometheus metrics. It also deploys
// the contract with the chain's signer set.
package main

import (
	"fmt"
	"os"
)

func main() {
	if err := newRootCmd().Execute(); err != nil {
		fmt.Fprintln(os.Stderr, "Error:", err)
		os.Exit(1)
	}
}
