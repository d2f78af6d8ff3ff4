package main

import (
	"context"
	"crypto/ecdsa"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/big"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/spf13/cobra"

	"github.com/sessiontoken/sessionchain/cmd/session-relayer/internal/chain"
	"github.com/sessiontoken/sessionchain/cmd/session-relayer/internal/config"
	"github.com/sessiontoken/sessionchain/cmd/session-relayer/internal/evm"
	"github.com/sessiontoken/sessionchain/x/bridge/evmkey"
	bridgetypes "github.com/sessiontoken/sessionchain/x/bridge/types"
)

const (
	flagToken            = "token"
	flagDeployerKey      = "deployer-key-file"
	flagDeployerPassword = "deployer-password-file"
	flagOutput           = "output"
	flagBridgeName       = "bridge-name"
)

// deployResult is what deploy prints with --output json.
type deployResult struct {
	Address        string   `json:"address"`
	TxHash         string   `json:"tx_hash"`
	Block          uint64   `json:"block"`
	Deployer       string   `json:"deployer"`
	EvmChainID     string   `json:"evm_chain_id"`
	BridgeName     string   `json:"bridge_name"`
	Token          string   `json:"token"`
	WithdrawalCap  string   `json:"withdrawal_cap"`
	SignerSetNonce uint64   `json:"signer_set_nonce"`
	Signers        []string `json:"signers"`
	Powers         []string `json:"powers"`
	// ChainParamsMatch is true when the chain's bridge params name this
	// contract on this EVM chain.
	ChainParamsMatch bool `json:"chain_params_match"`
}

func newDeployCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "deploy",
		Short: "Deploy SessionBridge with the chain's latest signer set",
		Long: "Reads the bridge name, the withdrawal cap and the latest signer set from the chain (chain.grpc),\n" +
			"deploys SessionBridge(token, bridgeName, set nonce, signers, powers, total power, withdrawal cap,\n" +
			"cap period) on evm.rpc with the deployer's key, waits for the receipt (at most evm.tx_timeout) and\n" +
			"prints the contract address. It refuses unless the set's members hold more than 2/3 of the bonded\n" +
			"power now (sessiond q bridge coverage): the validators register their EVM keys first.\n" +
			"Governance (or the genesis: sessiond genesis set-bridge) names the contract in the bridge params;\n" +
			"its address follows from the deployer and the deployer's nonce. The bridge name is the chain's\n" +
			"bridge_name param when it is set; before that --bridge-name, or else the chain id.",
		Example: "session-relayer deploy --config relayer.toml --token 0x5FbDB2315678afecb367f032d93F642f64180aa3 \\\n" +
			"  --deployer-key-file deployer.key --output json",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg, err := loadConfig(cmd, config.ForDeploy)
			if err != nil {
				return err
			}
			return runDeploy(cmd, cfg)
		},
	}
	addConfigFlags(cmd.Flags())
	cmd.Flags().String(flagToken, "", "address of the SESH ERC-20 (required)")
	cmd.Flags().String(flagDeployerKey, "", "deployer's EVM key: keystore JSON or hex private key (required)")
	cmd.Flags().String(flagDeployerPassword, "", "password file of a keystore deployer key")
	cmd.Flags().StringP(flagOutput, "o", "text", "output format: text or json")
	cmd.Flags().String(flagBridgeName, "", "bridge name, when the chain's bridge params name none yet (default: the chain id)")
	return cmd
}

func runDeploy(cmd *cobra.Command, cfg *config.Config) error {
	flags := cmd.Flags()
	tokenStr, _ := flags.GetString(flagToken)
	keyFile, _ := flags.GetString(flagDeployerKey)
	pwFile, _ := flags.GetString(flagDeployerPassword)
	output, _ := flags.GetString(flagOutput)
	bridgeName, _ := flags.GetString(flagBridgeName)
	if output != "text" && output != "json" {
		return fmt.Errorf("--%s: want text or json, got %q", flagOutput, output)
	}
	token, err := bridgetypes.ParseEvmAddress(tokenStr)
	if err != nil {
		return fmt.Errorf("--%s: %w", flagToken, err)
	}
	key, err := loadDeployerKey(keyFile, pwFile)
	if err != nil {
		return err
	}
	log, err := newLogger(stderr, cfg)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(cmd.Context(), cfg.EVM.TxTimeout.Duration+time.Minute)
	defer cancel()

	cdc, err := chain.NewCodec()
	if err != nil {
		return err
	}
	client, err := chain.Dial(cfg.Chain.GRPC, cfg.Chain.RPC, cdc, chain.TLS{Enabled: cfg.Chain.GRPCTLS, CAFile: cfg.Chain.GRPCCAFile})
	if err != nil {
		return err
	}
	defer client.Close()
	chainID, err := resolveChainID(ctx, client, cfg.Chain.ChainID, 30*time.Second, log)
	if err != nil {
		return err
	}
	res, err := coveringSignerSet(ctx, client)
	if err != nil {
		return err
	}
	signers, powers, total := res.SignerSet.EvmArgs()
	params, err := client.Params(ctx)
	if err != nil {
		return err
	}
	if bridgeName, err = deployBridgeName(params, bridgeName, chainID); err != nil {
		return err
	}

	ec, err := ethclient.DialContext(ctx, cfg.EVM.RPC)
	if err != nil {
		return fmt.Errorf("evm.rpc %s: %w", cfg.EVM.RPC, err)
	}
	defer ec.Close()
	evmChainID, err := ec.ChainID(ctx)
	if err != nil {
		return fmt.Errorf("EVM chain id: %w", err)
	}
	deployer := crypto.PubkeyToAddress(key.PublicKey)
	d, err := evm.Deploy(ctx, ec, key, evmChainID,
		deployParams(params, token, bridgeName, evm.SignerSet{Nonce: res.SignerSet.Nonce, Signers: signers, Powers: powers, TotalPower: total}),
		cfg.EVM.TxTimeout.Duration)
	if err != nil {
		return err
	}

	out := newDeployResult(d, deployer, evmChainID, bridgeName, token, params, res.SignerSet.Nonce, signers, powers)
	if !out.ChainParamsMatch {
		log.Warn("the chain's bridge params do not name this contract on this EVM chain yet; relayers act once governance sets them",
			"params_contract", params.ContractAddress, "params_evm_chain_id", params.EvmChainId,
			"deployed", d.Address.Hex(), "evm_chain_id", evmChainID)
	}
	return printDeploy(cmd.OutOrStdout(), output, out)
}

func printDeploy(w io.Writer, output string, out deployResult) error {
	if output == "json" {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	_, err := fmt.Fprintf(w, "SessionBridge deployed at %s\n  tx %s in block %d by %s\n  EVM chain %s, bridge name %s, token %s, withdrawal cap %s\n  signer set %d: %s\n  chain params name it: %t\n",
		out.Address, out.TxHash, out.Block, out.Deployer, out.EvmChainID, out.BridgeName, out.Token, out.WithdrawalCap,
		out.SignerSetNonce, strings.Join(out.Signers, ", "), out.ChainParamsMatch)
	return err
}

// deployParams are the constructor arguments of a deployment for the chain
// whose bridge params are params. The withdrawal cap and its period are
// chain params mirrored on the contract: bridge-outs above the cap are
// refused on the chain, and a change of either is signed for the contract.
func deployParams(params bridgetypes.Params, token common.Address, bridgeName string, set evm.SignerSet) evm.DeployParams {
	return evm.DeployParams{
		Token:         token,
		BridgeName:    bridgeName,
		SignerSet:     set,
		WithdrawalCap: params.WithdrawalCap.BigInt(),
		CapPeriod:     new(big.Int).SetUint64(params.CapPeriodSeconds),
	}
}

// loadDeployerKey loads the key --deployer-key names, which pays for the
// deployment.
func loadDeployerKey(keyFile, pwFile string) (*ecdsa.PrivateKey, error) {
	if keyFile == "" {
		return nil, fmt.Errorf("--%s is required", flagDeployerKey)
	}
	keyFile, err := expand(keyFile)
	if err != nil {
		return nil, err
	}
	if pwFile, err = expand(pwFile); err != nil {
		return nil, err
	}
	key, err := evmkey.Load(keyFile, pwFile)
	if err != nil {
		return nil, fmt.Errorf("--%s: %w", flagDeployerKey, err)
	}
	return key, nil
}

// coveringSignerSet returns the latest signer set, which the contract starts
// with; its members must hold more than 2/3 of the bonded power.
func coveringSignerSet(ctx context.Context, client *chain.Client) (*bridgetypes.QuerySignerSetResponse, error) {
	nonce, err := client.LatestSignerSetNonce(ctx)
	if errors.Is(err, chain.ErrNoSignerSet) {
		return nil, fmt.Errorf("cannot deploy: %w (start the validators' relayers, which register the keys, and wait a block)", err)
	}
	if err != nil {
		return nil, err
	}
	res, err := client.SignerSet(ctx, nonce)
	if err != nil {
		return nil, err
	}
	cov, err := client.Coverage(ctx)
	if err != nil {
		return nil, err
	}
	if !bridgetypes.Covers(cov.LatestSetPower, cov.BondedPower) {
		return nil, fmt.Errorf("cannot deploy: the members of signer set %d hold %d of the %d bonded power (%d bps), not more than 2/3: "+
			"the validators without an EVM key must register theirs first", nonce, cov.LatestSetPower, cov.BondedPower, cov.LatestSetCoverageBps)
	}
	return res, nil
}

// deployBridgeName returns the bridge name the contract is deployed with:
// the chain's bridge_name when set (a different --bridge-name is an error),
// else --bridge-name, else the chain id.
func deployBridgeName(params bridgetypes.Params, flagged, chainID string) (string, error) {
	name := flagged
	switch {
	case params.BridgeName != "" && flagged != "" && flagged != params.BridgeName:
		return "", fmt.Errorf("--%s %q differs from the chain's bridge_name %q, which the chain signs for", flagBridgeName, flagged, params.BridgeName)
	case params.BridgeName != "":
		name = params.BridgeName
	case flagged == "":
		name = chainID
	}
	if err := bridgetypes.ValidateBridgeName(name); err != nil {
		return "", fmt.Errorf("bridge name: %w", err)
	}
	return name, nil
}

// newDeployResult reports the deployment d: the contract, what it was
// deployed with, and whether the chain's bridge params name it already.
func newDeployResult(d evm.Deployment, deployer common.Address, evmChainID *big.Int, bridgeName string, token common.Address,
	params bridgetypes.Params, nonce uint64, signers []common.Address, powers []*big.Int,
) deployResult {
	out := deployResult{
		Address:        d.Address.Hex(),
		TxHash:         d.TxHash.Hex(),
		Block:          d.Block,
		Deployer:       deployer.Hex(),
		EvmChainID:     evmChainID.String(),
		BridgeName:     bridgeName,
		Token:          token.Hex(),
		WithdrawalCap:  params.WithdrawalCap.String(),
		SignerSetNonce: nonce,
		ChainParamsMatch: params.Configured() && common.HexToAddress(params.ContractAddress) == d.Address &&
			new(big.Int).SetUint64(params.EvmChainId).Cmp(evmChainID) == 0 && params.BridgeName == bridgeName,
	}
	for i := range signers {
		out.Signers = append(out.Signers, signers[i].Hex())
		out.Powers = append(out.Powers, powers[i].String())
	}
	return out
}
