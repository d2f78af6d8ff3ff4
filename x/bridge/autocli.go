package bridge

import (
	autocliv1 "cosmossdk.io/api/cosmos/autocli/v1"

	"github.com/sessiontoken/sessionchain/x/bridge/types"
)

// signatureArg says how the signature arguments are written. AutoCLI reads
// a bytes argument as hex or else base64: a 0x-prefixed hex string, as EVM
// tools print signatures, decodes as base64 to 99 bytes and is refused as
// the wrong length.
const signatureArg = "The signature is the 65 bytes r ‖ s ‖ v (v = 27 or 28) in hex without the 0x prefix, or in base64."

// AutoCLIOptions describes the module's CLI commands, built by AutoCLI from
// the Msg and Query services. register-evm-key is hand-written: it signs a
// proof with the EVM key file.
func (AppModule) AutoCLIOptions() *autocliv1.ModuleOptions {
	return &autocliv1.ModuleOptions{
		Query: &autocliv1.ServiceCommandDescriptor{
			Service: types.Query_serviceDesc.ServiceName,
			RpcCommandOptions: []*autocliv1.RpcCommandOptions{
				{RpcMethod: "Params", Use: "params", Short: "Show the bridge parameters (contract, EVM chain id, paused)", Example: "sessiond query bridge params"},
				{
					RpcMethod: "Transfer", Use: "transfer [id]", Short: "Show an outbound transfer with its signatures",
					Example: "sessiond query bridge transfer 1", PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "id"}},
				},
				{
					RpcMethod: "Transfers", Use: "transfers", Short: "List outbound transfers, optionally by status (pending, ready, executed)",
					Example: "sessiond query bridge transfers --status ready",
				},
				{
					RpcMethod: "Deposits", Use: "deposits", Short: "Show the last observed deposit nonce and the votes on the next deposit",
					Example: "sessiond query bridge deposits",
				},
				{
					RpcMethod: "PendingSignatures", Use: "pending-signatures [valoper]",
					Short:          "List what a validator's relayer still has to attest or sign",
					Example:        "sessiond query bridge pending-signatures sessionvaloper1...",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "validator"}},
				},
				{
					RpcMethod: "SignerSet", Use: "signer-set [nonce]", Short: "Show a signer set and its signatures (nonce 0: the latest)",
					Example: "sessiond query bridge signer-set 0", PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "nonce"}},
				},
				{RpcMethod: "SignerSets", Use: "signer-sets", Short: "List signer sets, newest first", Example: "sessiond query bridge signer-sets --limit 5"},
				{RpcMethod: "EvmKeys", Use: "evm-keys", Short: "List the validators' registered EVM keys", Example: "sessiond query bridge evm-keys"},
				{
					RpcMethod: "Supply", Use: "supply", Short: "Show the bridged supply: chain supply, totals and what is in flight",
					Example: "sessiond query bridge supply",
				},
			},
		},
		Tx: &autocliv1.ServiceCommandDescriptor{
			Service:              types.Msg_serviceDesc.ServiceName,
			EnhanceCustomCommand: true,
			RpcCommandOptions: []*autocliv1.RpcCommandOptions{
				{RpcMethod: "RegisterEvmKey", Skip: true},
				{
					RpcMethod: "BridgeOut", Use: "bridge-out [evm-recipient] [amount]",
					Short:          "Burn SESH here and release it to an EVM address once the validators sign",
					Example:        "sessiond tx bridge bridge-out 0x71562b71999873DB5b286dF957af199Ec94617F7 5000000000nsesh --from alice",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "evm_recipient"}, {ProtoField: "amount"}},
				},
				{
					RpcMethod: "AttestDeposit", Use: "attest-deposit [nonce] [evm-sender] [recipient] [amount]",
					Short: "Attest a deposit seen on the bridge contract (validators; session-relayer does this)",
					Example: "sessiond tx bridge attest-deposit 1 0x71562b71999873DB5b286dF957af199Ec94617F7 " +
						"session1... 5000000000 --from validator",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{
						{ProtoField: "claim.nonce"}, {ProtoField: "claim.evm_sender"}, {ProtoField: "claim.recipient"}, {ProtoField: "claim.amount"},
					},
				},
				{
					RpcMethod: "SignTransfer", Use: "sign-transfer [transfer-id] [signature-hex]",
					Short:          "Submit your validator's EVM signature of a transfer (session-relayer does this)",
					Long:           "Submits the transfer's signature by your validator's EVM key. " + signatureArg,
					Example:        "sessiond tx bridge sign-transfer 1 9f2c…1b --from validator",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "transfer_id"}, {ProtoField: "signature"}},
				},
				{
					RpcMethod: "SignSignerSet", Use: "sign-signer-set [nonce] [signature-hex]",
					Short:          "Submit your validator's EVM signature of the latest signer set (session-relayer does this)",
					Long:           "Submits the signer set's signature by your validator's EVM key. " + signatureArg,
					Example:        "sessiond tx bridge sign-signer-set 2 9f2c…1b --from validator",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "nonce"}, {ProtoField: "signature"}},
				},
				{
					RpcMethod: "AttestExecution", Use: "attest-execution [transfer-id]",
					Short:          "Attest that the contract executed a transfer (validators; session-relayer does this)",
					Example:        "sessiond tx bridge attest-execution 1 --from validator",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "transfer_id"}},
				},
				{
					RpcMethod: "UpdateParams", Use: "update-params-proposal [params]",
					Short: "Propose new bridge parameters, e.g. to pause it (JSON, every field)",
					Example: `sessiond tx bridge update-params-proposal '{"paused":true,"evm_chain_id":"42161",` +
						`"contract_address":"0x…","signer_set_change_bps":500}' --from alice --deposit 10000000nsesh --title "Pause the bridge" --summary "..."`,
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "params"}},
					GovProposal:    true,
				},
			},
		},
	}
}
