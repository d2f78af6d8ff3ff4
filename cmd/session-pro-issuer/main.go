// Command session-pro-issuer issues Session Pro proofs from the Session
// Token chain: it answers Session clients' signed requests in the format of
// Session's Pro backend (generate_pro_proof, get_pro_status,
// get_pro_revocations) from x/pro state it reads with Merkle proofs checked
// against headers CometBFT's light client verified, and signs v0 proofs
// with a key governance registered on the chain. It keeps no state of its
// own beyond its key and the light client's verified headers.
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
