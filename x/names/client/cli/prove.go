package cli

import (
	"encoding/hex"
	"errors"
	"fmt"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"cosmossdk.io/collections"

	"github.com/cosmos/cosmos-sdk/client"

	"github.com/sessiontoken/sessionchain/client/lightquery"
	"github.com/sessiontoken/sessionchain/x/names/types"
)

const (
	flagProve          = "prove"
	flagTrustNode      = "trust-node"
	flagTrustHeight    = "trust-height"
	flagTrustHash      = "trust-hash"
	flagWitness        = "witness"
	flagLightDir       = "light-dir"
	flagTrustingPeriod = "trusting-period"
)

// Proof says what a proven resolution was checked against.
type Proof struct {
	// Height of the state the record was read at.
	Height int64 `json:"height"`
	// AppHash of that state, from the header of the next block.
	AppHash string `json:"app_hash"`
	// Header is where the header came from: "light client" (verified from
	// the trusted header) or "node (unverified)" with --trust-node.
	Header string `json:"header"`
}

// addProveFlags adds the flags of a proven resolution.
func addProveFlags(cmd *cobra.Command) {
	cmd.Flags().Bool(flagProve, false, "read the record with its Merkle proof and check it against a block header")
	cmd.Flags().Bool(flagTrustNode, false, "with --prove: take the header from --node unverified (development only)")
	cmd.Flags().Int64(flagTrustHeight, 0, "with --prove: height of the header the light client trusts first")
	cmd.Flags().String(flagTrustHash, "", "with --prove: hash (hex) of the header at --trust-height")
	cmd.Flags().StringArray(flagWitness, nil, "with --prove: CometBFT RPC URL the light client checks --node's headers against (repeatable)")
	cmd.Flags().String(flagLightDir, "", "with --prove: where the light client keeps the headers it verified (default <home>/light)")
	cmd.Flags().Duration(flagTrustingPeriod, 7*24*time.Hour, "with --prove: how long a verified header may verify the next (well under the unbonding period)")
}

// headersFor returns the headers a proven resolution trusts: CometBFT's
// light client following the chain from --trust-height and --trust-hash
// (its headers checked against the --witness nodes), or with --trust-node
// the node's own header. The returned func releases them.
func headersFor(cmd *cobra.Command, clientCtx client.Context) (lightquery.Headers, string, func(), error) {
	node, err := clientCtx.GetNode()
	if err != nil {
		return nil, "", nil, err
	}
	if trust, _ := cmd.Flags().GetBool(flagTrustNode); trust {
		return lightquery.NewTrustNode(node), "node (unverified)", func() {}, nil
	}
	height, _ := cmd.Flags().GetInt64(flagTrustHeight)
	hashHex, _ := cmd.Flags().GetString(flagTrustHash)
	witnesses, _ := cmd.Flags().GetStringArray(flagWitness)
	if height <= 0 || hashHex == "" || len(witnesses) == 0 {
		return nil, "", nil, fmt.Errorf("--%s needs a header to trust (--%s, --%s and at least one --%s), or --%s for development",
			flagProve, flagTrustHeight, flagTrustHash, flagWitness, flagTrustNode)
	}
	hash, err := hex.DecodeString(hashHex)
	if err != nil {
		return nil, "", nil, fmt.Errorf("--%s: %w", flagTrustHash, err)
	}
	dir, _ := cmd.Flags().GetString(flagLightDir)
	if dir == "" {
		dir = filepath.Join(clientCtx.HomeDir, "light")
	}
	period, _ := cmd.Flags().GetDuration(flagTrustingPeriod)
	light, err := lightquery.OpenLight(cmd.Context(), lightquery.LightConfig{
		ChainID: clientCtx.ChainID, Primary: clientCtx.NodeURI, Witnesses: witnesses,
		TrustHeight: height, TrustHash: hash, TrustingPeriod: period, Dir: dir,
	})
	if err != nil {
		return nil, "", nil, err
	}
	return light, "light client", func() { _ = light.Close() }, nil
}

// proveResolve reads name's record and the params from the node with their
// Merkle proofs, checked against a trusted header, and decrypts the record.
// The status is the record's at the header's time.
func proveResolve(cmd *cobra.Command, clientCtx client.Context, name string) (Resolution, error) {
	headers, source, release, err := headersFor(cmd, clientCtx)
	if err != nil {
		return Resolution{}, err
	}
	defer release()
	h, err := headers.Latest(cmd.Context())
	if err != nil {
		return Resolution{}, err
	}
	node, err := clientCtx.GetNode()
	if err != nil {
		return Resolution{}, err
	}
	reader := lightquery.NewReader(node)
	key, err := lightquery.MapKey(types.RecordsKey, collections.BytesKey, types.NameHash(name))
	if err != nil {
		return Resolution{}, err
	}
	raw, found, err := reader.Get(cmd.Context(), h, types.StoreKey, key)
	if err != nil {
		return Resolution{}, err
	}
	if !found {
		return Resolution{}, fmt.Errorf("%q is not registered: proven absent at height %d", name, h.StateHeight())
	}
	var rec types.NameRecord
	if err := clientCtx.Codec.Unmarshal(raw, &rec); err != nil {
		return Resolution{}, fmt.Errorf("the proven record of %q: %w", name, err)
	}
	rawParams, found, err := reader.Get(cmd.Context(), h, types.StoreKey, lightquery.ItemKey(types.ParamsKey))
	if err != nil {
		return Resolution{}, err
	}
	if !found {
		return Resolution{}, errors.New("the names params are proven absent: is x/names on this chain?")
	}
	var params types.Params
	if err := clientCtx.Codec.Unmarshal(rawParams, &params); err != nil {
		return Resolution{}, fmt.Errorf("the proven names params: %w", err)
	}
	out, err := Resolve(name, &types.QueryResolveResponse{Record: rec, Status: params.StatusAt(rec.Expiry, h.Time)})
	if err != nil {
		return Resolution{}, err
	}
	out.Proof = &Proof{Height: h.StateHeight(), AppHash: hex.EncodeToString(h.AppHash), Header: source}
	return out, nil
}
