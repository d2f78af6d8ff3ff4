package cli

import (
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/spf13/cobra"

	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/client/flags"

	"github.com/sessiontoken/sessionchain/x/internal/modulecli"
	"github.com/sessiontoken/sessionchain/x/names/types"
)

// NewQueryCmd returns the `query names` command with the commands that
// hash a name; AutoCLI adds the others.
func NewQueryCmd() *cobra.Command {
	return modulecli.Group(types.ModuleName, "Session names queries", NewResolveCmd(), NewQuoteCmd())
}

// Resolution is what `query names resolve` prints.
type Resolution struct {
	Name        string    `json:"name"`
	NameHash    string    `json:"name_hash"`
	Status      string    `json:"status"`
	Owner       string    `json:"owner"`
	BackupOwner string    `json:"backup_owner,omitempty"`
	Expiry      time.Time `json:"expiry"`
	SessionID   string    `json:"session_id"`
	Lokinet     string    `json:"lokinet,omitempty"`
	// ListingPrice is the price in nsesh if the name is on sale (not read
	// with --prove).
	ListingPrice string `json:"listing_price,omitempty"`
	// Proof is set when the record was read with its Merkle proof (--prove).
	Proof *Proof `json:"proof,omitempty"`
}

// NewResolveCmd resolves a name: the node is asked for the record of the
// name's hash only, and the value is decrypted here with the name.
func NewResolveCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "resolve [name]",
		Short: "Resolve a name to its Session ID (and Lokinet address), decrypting the record here",
		Long: "Hashes the name here, asks the node for the record of the hash and decrypts its value with a key only the\n" +
			"name gives: the node never sees the name. Only an active name resolves; an expired one fails with its status.\n\n" +
			"With --prove the record (and the params that set its status) is read from the store with its Merkle proof and\n" +
			"checked against the app hash of a block header from CometBFT's light client, which verifies it from the header\n" +
			"given by --trust-height and --trust-hash against the --witness nodes; a node that alters or hides the record is\n" +
			"caught. --trust-node takes the node's own header instead (development only).",
		Example: "sessiond query names resolve alice\nsessiond query names resolve alice --height 1200 --output json\n" +
			"sessiond query names resolve alice --prove --trust-height 1000 --trust-hash 5F3A... --witness http://127.0.0.1:26657",
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			cmd.SilenceUsage = true
			clientCtx, err := client.GetClientQueryContext(cmd)
			if err != nil {
				return err
			}
			name, err := nameArg(args[0])
			if err != nil {
				return err
			}
			var out Resolution
			if prove, _ := cmd.Flags().GetBool(flagProve); prove {
				out, err = proveResolve(cmd, clientCtx, name)
			} else {
				out, err = resolveByQuery(cmd, clientCtx, name)
			}
			if err != nil {
				return err
			}
			bz, err := json.Marshal(out)
			if err != nil {
				return err
			}
			return clientCtx.PrintRaw(bz)
		},
	}
	flags.AddQueryFlagsToCmd(cmd)
	addProveFlags(cmd)
	return cmd
}

// resolveByQuery asks the node's Resolve query for name's hash and
// decrypts the answer.
func resolveByQuery(cmd *cobra.Command, clientCtx client.Context, name string) (Resolution, error) {
	res, err := types.NewQueryClient(clientCtx).Resolve(cmd.Context(), &types.QueryResolveRequest{NameHash: types.NameHashHex(name)})
	if err != nil {
		return Resolution{}, err
	}
	return Resolve(name, res)
}

// Resolve decrypts the record a node returned for name: an error if the
// name is not active or its value does not decrypt with the name.
func Resolve(name string, res *types.QueryResolveResponse) (Resolution, error) {
	rec := res.Record
	if res.Status != types.NAME_STATUS_ACTIVE {
		return Resolution{}, fmt.Errorf("%q does not resolve: it is %s (expired at %s)", name, res.Status, rec.Expiry.UTC())
	}
	if rec.NameHash != types.NameHashHex(name) {
		return Resolution{}, fmt.Errorf("the node returned the record of %s, not of %q", rec.NameHash, name)
	}
	value, err := types.DecryptValue(name, rec.EncryptedValue)
	if err != nil {
		return Resolution{}, fmt.Errorf("the record of %q: %w", name, err)
	}
	out := Resolution{
		Name: name, NameHash: rec.NameHash, Status: res.Status.String(), Owner: rec.Owner, BackupOwner: rec.BackupOwner,
		Expiry: rec.Expiry, SessionID: hex.EncodeToString(value.SessionID),
	}
	if value.Lokinet != nil {
		out.Lokinet = types.FormatLokinet(value.Lokinet)
	}
	if res.Listing != nil {
		out.ListingPrice = res.Listing.Price.String()
	}
	return out, nil
}

// NewQuoteCmd quotes a name's price.
func NewQuoteCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "quote [name] [years]",
		Short: "Show what registering (or, if it is held, renewing) a name for a term costs in nsesh now",
		Long: "Sends the node the name's hash and length, not the name. A recently released name carries a premium. Terms\n" +
			"are of 1, 2, 5 or 10 years (default 1).",
		Example: "sessiond query names quote alice\nsessiond query names quote alice 5",
		Args:    cobra.RangeArgs(1, 2),
		RunE: func(cmd *cobra.Command, args []string) error {
			cmd.SilenceUsage = true
			clientCtx, err := client.GetClientQueryContext(cmd)
			if err != nil {
				return err
			}
			name, err := nameArg(args[0])
			if err != nil {
				return err
			}
			years := uint64(1)
			if len(args) == 2 {
				if years, err = strconv.ParseUint(args[1], 10, 32); err != nil {
					return fmt.Errorf("years %q: %w", args[1], err)
				}
			}
			res, err := types.NewQueryClient(clientCtx).Quote(cmd.Context(), &types.QueryQuoteRequest{
				NameHash: types.NameHashHex(name), Years: uint32(years), NameLength: uint32(len(name)), // #nosec G115 -- parsed as 32 bits; at most 64
			})
			if err != nil {
				return err
			}
			return clientCtx.PrintProto(res)
		},
	}
	flags.AddQueryFlagsToCmd(cmd)
	return cmd
}
