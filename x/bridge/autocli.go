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
				{RpcMethod: "Params", Use: "params", Short: "Show the bridge parameters (contract, bridge name, fees, cap, windows)", Example: "sessiond query bridge params"},
				{
					RpcMethod: "Transfer", Use: "transfer [id]", Short: "Show an outbound transfer",
					Example: "sessiond query bridge transfer 1", PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "id"}},
				},
				{
					RpcMethod: "Transfers", Use: "transfers", Short: "List outbound transfers, optionally by status (queued, batched, executed, returned)",
					Example: "sessiond query bridge transfers --status queued",
				},
				{
					RpcMethod: "Batch", Use: "batch [nonce]", Short: "Show a batch with its transfers, signatures and attestations",
					Example: "sessiond query bridge batch 1", PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "nonce"}},
				},
				{
					RpcMethod: "Batches", Use: "batches", Short: "List batches, optionally by status (open, executed, expired)",
					Example: "sessiond query bridge batches --status open",
				},
				{
					RpcMethod: "Deposits", Use: "deposits", Short: "Show the last observed deposit nonce, the votes on the next deposit and whether they are split",
					Example: "sessiond query bridge deposits",
				},
				{
					RpcMethod: "PendingSignatures", Use: "pending-signatures [valoper]",
					Short:          "List what a validator's relayer still has to attest or sign (open batches a page at a time)",
					Example:        "sessiond query bridge pending-signatures sessionvaloper1... --page-limit 10",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "validator"}},
				},
				{
					RpcMethod: "SignerSet", Use: "signer-set [nonce]", Short: "Show a signer set and its signatures (nonce 0: the latest)",
					Example: "sessiond query bridge signer-set 0", PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "nonce"}},
				},
				{RpcMethod: "SignerSets", Use: "signer-sets", Short: "List the signer sets kept, newest first", Example: "sessiond query bridge signer-sets --page-limit 5"},
				{RpcMethod: "EvmKeys", Use: "evm-keys", Short: "List the validators' EVM keys and delegates, and the retired keys that still sign", Example: "sessiond query bridge evm-keys"},
				{
					RpcMethod: "Supply", Use: "supply", Short: "Show the bridged supply: chain supply, totals and what is in flight",
					Example: "sessiond query bridge supply",
				},
				{
					RpcMethod: "ContractState", Use: "contract-state", Short: "Show the signer set and admin nonce the contract holds, and how far it is behind",
					Example: "sessiond query bridge contract-state",
				},
				{
					RpcMethod: "Coverage", Use: "coverage", Short: "Show how much of the bonded power the EVM keys and the newest signer set cover",
					Example: "sessiond query bridge coverage",
				},
				{
					RpcMethod: "RetiredContract", Use: "retired-contract",
					Short:   "Show release 1's retired contract and the sweep of its tokens to the release-2 contract, with the sweep's signatures",
					Example: "sessiond query bridge retired-contract",
				},
				{
					RpcMethod: "AdminOps", Use: "admin-ops", Short: "List the pause and cap changes waiting to be signed and submitted to the contract",
					Example: "sessiond query bridge admin-ops",
				},
			},
		},
		Tx: &autocliv1.ServiceCommandDescriptor{
			Service:              types.Msg_serviceDesc.ServiceName,
			EnhanceCustomCommand: true,
			RpcCommandOptions: []*autocliv1.RpcCommandOptions{
				{RpcMethod: "RegisterEvmKey", Skip: true},
				{RpcMethod: "SubmitBadSignatureEvidence", Skip: true},
				{
					RpcMethod: "BridgeOut", Use: "bridge-out [evm-recipient] [amount]",
					Short: "Burn SESH here (amount and fee) and release the amount to an EVM address in the next batch",
					Long: "Burns amount plus the fee (--fee, at least the bridge_fee param; by default that) and queues the\n" +
						"transfer. The amount must be at least min_transfer, and with the fee at most withdrawal_cap.",
					Example:        "sessiond tx bridge bridge-out 0x71562b71999873DB5b286dF957af199Ec94617F7 5000000000nsesh --fee 100000000nsesh --from alice",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "evm_recipient"}, {ProtoField: "amount"}},
				},
				{
					RpcMethod: "CancelBridgeOut", Use: "cancel-bridge-out [transfer-id]",
					Short:          "Cancel your bridge-out while no batch carries it: amount and fee come back",
					Example:        "sessiond tx bridge cancel-bridge-out 7 --from alice",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "transfer_id"}},
				},
				{
					RpcMethod: "AttestDeposit", Use: "attest-deposit [nonce] [evm-sender] [recipient] [amount]",
					Short: "Attest a deposit seen on the bridge contract (validator delegates; session-relayer does this)",
					Example: "sessiond tx bridge attest-deposit 1 0x71562b71999873DB5b286dF957af199Ec94617F7 " +
						"session1... 5000000000 --from delegate",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{
						{ProtoField: "claim.nonce"}, {ProtoField: "claim.evm_sender"}, {ProtoField: "claim.recipient"}, {ProtoField: "claim.amount"},
					},
				},
				{
					RpcMethod: "SignBatch", Use: "sign-batch [nonce] [signature-hex]",
					Short:          "Submit your validator's EVM signature of a batch (session-relayer does this)",
					Long:           "Submits a batch's signature by one of your validator's EVM keys. " + signatureArg,
					Example:        "sessiond tx bridge sign-batch 1 9f2c…1b --from delegate",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "nonce"}, {ProtoField: "signature"}},
				},
				{
					RpcMethod: "SignSignerSet", Use: "sign-signer-set [nonce] [signature-hex]",
					Short:          "Submit your validator's EVM signature of a signer set newer than the contract's (session-relayer does this)",
					Long:           "Submits the signer set's signature by one of your validator's EVM keys. " + signatureArg,
					Example:        "sessiond tx bridge sign-signer-set 2 9f2c…1b --from delegate",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "nonce"}, {ProtoField: "signature"}},
				},
				{
					RpcMethod: "SignAdminOp", Use: "sign-admin-op [nonce] [signature-hex]",
					Short:          "Submit your validator's EVM signature of a pause, unpause or cap change (session-relayer does this)",
					Long:           "Submits an admin operation's signature by one of your validator's EVM keys. " + signatureArg,
					Example:        "sessiond tx bridge sign-admin-op 1 9f2c…1b --from delegate",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "nonce"}, {ProtoField: "signature"}},
				},
				{
					RpcMethod: "AttestBatch", Use: "attest-batch [nonce] [outcome]",
					Short:          "Attest that the contract executed a batch, or that its deadline passed unexecuted (session-relayer does this)",
					Example:        "sessiond tx bridge attest-batch 1 executed --from delegate",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "nonce"}, {ProtoField: "outcome"}},
				},
				{
					RpcMethod: "AttestContractState", Use: "attest-contract-state [signer-set-nonce] [admin-nonce]",
					Short:          "Attest the signer set and admin nonce the contract holds at a final block (session-relayer does this)",
					Example:        "sessiond tx bridge attest-contract-state 3 1 --from delegate",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "signer_set_nonce"}, {ProtoField: "admin_nonce"}},
				},
				{
					RpcMethod: "AttestRetiredContract", Use: "attest-retired-contract [attestation-json]",
					Short: "Attest release 1's retired contract at a final block: its admin nonce and paid carried transfers, or the sweep executed (session-relayer does this)",
					Example: `sessiond tx bridge attest-retired-contract '{"stage":"RETIRED_STAGE_RECONCILE","admin_nonce":"0","paid_transfer_ids":["2"]}' --from delegate` + "\n" +
						`sessiond tx bridge attest-retired-contract '{"stage":"RETIRED_STAGE_SIGN","swept":true}' --from delegate`,
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "attestation"}},
				},
				{
					RpcMethod: "SignRetiredSweep", Use: "sign-retired-sweep [cap-signature-hex] [withdraw-signature-hex] [pause-signature-hex]",
					Short:   "Submit one EVM key's release-1 signatures of the retired contract's sweep (session-relayer does this)",
					Long:    "Submits the release-1 (EIP-191) signatures of the sweep's cap raise, withdrawal and pause by one of your validator's EVM keys. " + signatureArg,
					Example: "sessiond tx bridge sign-retired-sweep 9f2c…1b 77a0…1c 03be…1b --from delegate",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{
						{ProtoField: "cap_signature"}, {ProtoField: "withdraw_signature"}, {ProtoField: "pause_signature"},
					},
				},
				{
					RpcMethod: "ReopenDeposit", Use: "reopen-deposit-proposal",
					Short:       "Propose dropping every vote on the deposits not yet observed, so the validators attest them again",
					Example:     `sessiond tx bridge reopen-deposit-proposal --from alice --deposit 10000000nsesh --title "Reopen deposit 42" --summary "split vote"`,
					GovProposal: true,
				},
				{
					RpcMethod: "UpdateParams", Use: "update-params-proposal [params]",
					Short: "Propose new bridge parameters, e.g. to pause it or change the cap (JSON, every field)",
					Example: `sessiond tx bridge update-params-proposal "$(sessiond q bridge params -o json | jq -c '.params | .paused = true')"` +
						` --from alice --deposit 10000000nsesh --title "Pause the bridge" --summary "..."`,
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "params"}},
					GovProposal:    true,
				},
			},
		},
	}
}
