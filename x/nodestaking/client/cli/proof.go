package cli

import (
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/client/flags"
	"github.com/cosmos/cosmos-sdk/client/tx"

	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// Flags of uptime-proof: the endpoint the proof registers and the block it
// names.
const (
	flagIP             = "ip"
	flagStoragePort    = "storage-port"
	flagQuicPort       = "quic-port"
	flagNodeVersion    = "node-version"
	flagStorageVersion = "storage-version"
	flagBlockHeight    = "block-height"
	flagAppHash        = "app-hash"
	flagSeedProof      = "seed-proof"
)

// NewUptimeProofCmd sends a node's uptime proof. It is hand-written because
// the proof is signed by the node's Ed25519 key over the chain id, the node
// key, the proof number, a recent block and the node's endpoint, which the
// command reads from the chain and its flags.
func NewUptimeProofCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "uptime-proof",
		Short: "Prove a Session Node is up and register its endpoint, signed by its node key",
		Long: "Sends the next uptime proof of the node whose key is in --node-key-file. The node key signs the chain id,\n" +
			"the node's public key, the proof number (the node's proof count plus one, read from the chain unless --seq\n" +
			"gives it), a recent block's height and app hash (the block before the latest, read from the node unless\n" +
			"--block-height and --app-hash give them; a proof naming a block more than proof_block_window blocks old is\n" +
			"refused) and the endpoint the proof registers: --ip (public), --storage-port, --quic-port, --node-version\n" +
			"and --storage-version. An active or unlocking node sends one every uptime_proof_interval and is\n" +
			"decommissioned after uptime_proof_timeout without one; a proof sooner than half the interval after the last\n" +
			"is refused. A decommissioned node's proof lets its quorum vote it back (it does not bring it back itself,\n" +
			"except in a network too small for a quorum). The proof also carries the node key's VRF proof over the\n" +
			"seed round in progress (read from the chain), its share of the next quorum seed. Any account may pay the\n" +
			"fee. --pubkey with --signature, --seq, --block-height, --app-hash and --seed-proof sends a proof signed\n" +
			"elsewhere.",
		Example: `sessiond tx nodestaking uptime-proof --node-key-file node1.key --ip 203.0.113.7 --storage-port 22021 --quic-port 22020 --node-version 11.0.2 --storage-version 2.8.0 --from alice
sessiond tx nodestaking uptime-proof --pubkey 3b6a27bc... --seq 12 --block-height 4411 --app-hash 5E0C... --signature 9f2c... --seed-proof 61d0... --ip 203.0.113.7 --storage-port 22021 --quic-port 22020 --node-version 11.0.2 --storage-version 2.8.0 --from alice`,
		Args: cobra.NoArgs,
		RunE: runUptimeProof,
	}
	addUptimeProofFlags(cmd)
	flags.AddTxFlagsToCmd(cmd)
	return cmd
}

// runUptimeProof signs and sends the proof the flags describe.
func runUptimeProof(cmd *cobra.Command, _ []string) error {
	// The arguments parsed: an error from here on is about their values, which
	// the usage text would bury (AutoCLI's commands print no usage either).
	cmd.SilenceUsage = true
	clientCtx, err := client.GetClientTxContext(cmd)
	if err != nil {
		return err
	}
	endpoint, err := endpointFlags(cmd)
	if err != nil {
		return err
	}
	proof, err := proofFlags(cmd)
	if err != nil {
		return err
	}
	proof.Endpoint = endpoint
	key, pubkey, sig, err := nodeKeyOrSignature(cmd)
	if err != nil {
		return err
	}
	if pubkey, err = nodeID(cmd, pubkey); err != nil {
		return err
	}
	if key == nil && (proof.Seq == 0 || proof.BlockHeight == 0) {
		return fmt.Errorf("a signature made elsewhere covers the proof number and block: give --%s, --%s and --%s",
			flagSeq, flagBlockHeight, flagAppHash)
	}
	seedProof, err := hexFlag(cmd, flagSeedProof)
	if err != nil {
		return err
	}
	if key != nil {
		if proof, sig, err = signProof(cmd.Context(), clientCtx, key, pubkey, proof); err != nil {
			return err
		}
		if seedProof == nil {
			if seedProof, err = proveSeed(cmd.Context(), clientCtx, key); err != nil {
				return err
			}
		}
	}
	msg := &types.MsgUptimeProof{
		Sender: clientCtx.GetFromAddress().String(), Pubkey: pubkey, Seq: proof.Seq, Signature: sig,
		BlockHeight: proof.BlockHeight, AppHash: proof.AppHash, Endpoint: proof.Endpoint, SeedProof: seedProof,
	}
	if err := msg.ValidateBasic(); err != nil {
		return err
	}
	return tx.GenerateOrBroadcastTxCLI(clientCtx, cmd.Flags(), msg)
}

// addUptimeProofFlags adds uptime-proof's own flags: the key or the
// signature made elsewhere, the proof's number and block, and the endpoint.
func addUptimeProofFlags(cmd *cobra.Command) {
	cmd.Flags().String(flagNodeKeyFile, "", "node key file (hex Ed25519 seed) that signs the proof")
	addNodeIDFlag(cmd)
	cmd.Flags().String(flagPubkey, "", "node public key in hex, with --signature and --seq, instead of --node-key-file")
	cmd.Flags().String(flagSignature, "", "hex signature of the proof by the node key, with --pubkey and --seq")
	cmd.Flags().Uint64(flagSeq, 0, "proof number to sign (not the account --sequence); default: the node's proofs + 1 from the chain")
	cmd.Flags().Int64(flagBlockHeight, 0, "height of the recent block the proof names; default: the block before the node's latest")
	cmd.Flags().String(flagAppHash, "", "hex app hash the chain reached at --block-height")
	cmd.Flags().String(flagSeedProof, "", "hex VRF proof of the node key over the seed round in progress; default: made with --node-key-file")
	cmd.Flags().String(flagIP, "", "public IP address the node serves on")
	cmd.Flags().Uint32(flagStoragePort, 0, "TCP port of the node's storage server")
	cmd.Flags().Uint32(flagQuicPort, 0, "UDP port of the node's QUIC listener")
	cmd.Flags().String(flagNodeVersion, "", "version of the node software")
	cmd.Flags().String(flagStorageVersion, "", "version of the storage server")
	for _, f := range []string{flagIP, flagStoragePort, flagQuicPort, flagNodeVersion, flagStorageVersion} {
		if err := cmd.MarkFlagRequired(f); err != nil {
			panic(err)
		}
	}
}

// endpointFlags reads the endpoint the proof registers.
func endpointFlags(cmd *cobra.Command) (types.NodeEndpoint, error) {
	var e types.NodeEndpoint
	var err error
	f := cmd.Flags()
	if e.PublicIp, err = f.GetString(flagIP); err != nil {
		return e, err
	}
	if e.StoragePort, err = f.GetUint32(flagStoragePort); err != nil {
		return e, err
	}
	if e.QuicPort, err = f.GetUint32(flagQuicPort); err != nil {
		return e, err
	}
	if e.NodeVersion, err = f.GetString(flagNodeVersion); err != nil {
		return e, err
	}
	if e.StorageVersion, err = f.GetString(flagStorageVersion); err != nil {
		return e, err
	}
	return e, e.Validate()
}

// proofFlags reads the proof number and block the flags give (zero when
// left to the chain).
func proofFlags(cmd *cobra.Command) (types.UptimeProof, error) {
	var p types.UptimeProof
	var err error
	if p.Seq, err = cmd.Flags().GetUint64(flagSeq); err != nil {
		return p, err
	}
	if p.BlockHeight, err = cmd.Flags().GetInt64(flagBlockHeight); err != nil {
		return p, err
	}
	appHash, err := cmd.Flags().GetString(flagAppHash)
	if err != nil {
		return p, err
	}
	if (p.BlockHeight == 0) != (appHash == "") {
		return p, fmt.Errorf("give --%s and --%s together", flagBlockHeight, flagAppHash)
	}
	if p.AppHash, err = hex.DecodeString(appHash); err != nil {
		return p, fmt.Errorf("--%s: %w", flagAppHash, err)
	}
	return p, nil
}

// signProof fills in what the flags left to the chain (the proof number,
// the block before the latest) and signs the proof with the node key. It
// returns the proof as signed.
func signProof(ctx context.Context, clientCtx client.Context, key ed25519.PrivateKey, pubkey []byte, p types.UptimeProof) (types.UptimeProof, []byte, error) {
	if clientCtx.ChainID == "" {
		return p, nil, errors.New("the proof signature covers the chain id: set --chain-id")
	}
	pubHex := hex.EncodeToString(pubkey)
	var err error
	if p.Seq == 0 {
		if p.Seq, err = nextProofSeq(ctx, clientCtx, pubHex); err != nil {
			return p, nil, err
		}
	}
	if p.BlockHeight == 0 {
		if clientCtx.Client == nil {
			return p, nil, fmt.Errorf("no node to read the last block from: set --node, or give --%s and --%s", flagBlockHeight, flagAppHash)
		}
		// The latest block's header carries the app hash the chain reached at
		// the block before it, which the chain takes in a simulation (run at
		// the latest height: --gas auto) as well as in a block.
		res, err := clientCtx.Client.Block(ctx, nil)
		if err != nil {
			return p, nil, fmt.Errorf("read the latest block (or give --%s and --%s): %w", flagBlockHeight, flagAppHash, err)
		}
		p.BlockHeight, p.AppHash = res.Block.Height-1, res.Block.AppHash
	}
	signBytes, err := types.UptimeProofSignBytes(clientCtx.ChainID, pubHex, p)
	if err != nil {
		return p, nil, err
	}
	return p, ed25519.Sign(key, signBytes), nil
}

// nextProofSeq reads a node's proof count and returns the next proof's number.
func nextProofSeq(ctx context.Context, clientCtx client.Context, pubHex string) (uint64, error) {
	res, err := types.NewQueryClient(clientCtx).Liveness(ctx, &types.QueryLivenessRequest{Pubkey: pubHex})
	if err != nil {
		return 0, fmt.Errorf("read the proof count of node %s (or give --%s): %w", pubHex, flagSeq, err)
	}
	return res.Proofs + 1, nil
}

// proveSeed reads the seed round in progress and returns the node key's
// seed proof over it (none before the chain's first round).
func proveSeed(ctx context.Context, clientCtx client.Context, key ed25519.PrivateKey) ([]byte, error) {
	res, err := types.NewQueryClient(clientCtx).SeedRound(ctx, &types.QuerySeedRoundRequest{})
	if err != nil {
		return nil, fmt.Errorf("read the seed round (or give --%s with --%s): %w", flagSeedProof, flagPubkey, err)
	}
	return types.SeedProofFor(key, clientCtx.ChainID, res.Round), nil
}

// hexFlag reads a hex flag (nil when empty).
func hexFlag(cmd *cobra.Command, name string) ([]byte, error) {
	v, err := cmd.Flags().GetString(name)
	if err != nil || v == "" {
		return nil, err
	}
	b, err := hex.DecodeString(v)
	if err != nil {
		return nil, fmt.Errorf("--%s: %w", name, err)
	}
	return b, nil
}
