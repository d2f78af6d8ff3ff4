// Command sessiond is the node daemon and command-line client of the Session
// Token chain.
package main

import (
	"fmt"
	"os"

	svrcmd "github.com/cosmos/cosmos-sdk/server/cmd"

	"github.com/sessiontoken/sessionchain/app"
	"github.com/sessiontoken/sessionchain/cmd/sessiond/cmd"
)

func main() {
	if err := svrcmd.Execute(cmd.NewRootCmd(), "", app.DefaultNodeHome); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
