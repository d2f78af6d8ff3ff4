// Package keeper holds the state and state transitions of the bridge: EVM
// keys and their rotation, deposit attestations, outbound transfers and the
// batches that carry them, the signer sets and admin operations the
// contract is handed, what the contract holds as attested, and the
// accountability of the validators that sign.
package keeper

import (
	"context"

	"cosmossdk.io/collections"
	collcodec "cosmossdk.io/collections/codec"
	"cosmossdk.io/collections/indexes"
	"cosmossdk.io/core/address"
	"cosmossdk.io/core/event"
	"cosmossdk.io/core/header"
	"cosmossdk.io/core/store"
	"cosmossdk.io/log/v2"
	"google.golang.org/protobuf/runtime/protoiface"

	"github.com/cosmos/cosmos-sdk/codec"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/x/bridge/types"
	"github.com/sessiontoken/sessionchain/x/internal/colls"
	"github.com/sessiontoken/sessionchain/x/internal/moduleutil"
	"github.com/sessiontoken/sessionchain/x/internal/typedevent"
)

// EvmKeyIndexes index EVM keys by address, so no two validators share one.
type EvmKeyIndexes struct {
	ByAddress *indexes.Unique[string, sdk.ValAddress, types.EvmKey]
}

// IndexesList implements collections.Indexes.
func (i EvmKeyIndexes) IndexesList() []collections.Index[sdk.ValAddress, types.EvmKey] {
	return []collections.Index[sdk.ValAddress, types.EvmKey]{i.ByAddress}
}

// TransferIndexes index transfers by status, for the status listing and the
// batch builder's queue.
type TransferIndexes struct {
	ByStatus *colls.Multi[int32, uint64, types.Transfer]
}

// IndexesList implements collections.Indexes.
func (i TransferIndexes) IndexesList() []collections.Index[uint64, types.Transfer] {
	return []collections.Index[uint64, types.Transfer]{i.ByStatus}
}

// BatchIndexes index batches by status, for the open batches the relayers
// sign, submit and attest.
type BatchIndexes struct {
	ByStatus *colls.Multi[int32, uint64, types.Batch]
}

// IndexesList implements collections.Indexes.
func (i BatchIndexes) IndexesList() []collections.Index[uint64, types.Batch] {
	return []collections.Index[uint64, types.Batch]{i.ByStatus}
}

// itemSignatures are the signatures of one kind of signed item: (item
// nonce, EVM address) → signature. Keyed by address, not by validator, so a
// validator's rotated key and its new key both keep theirs.
type itemSignatures = collections.Map[collections.Pair[uint64, string], types.ValidatorSignature]

// Keeper manages the bridge. Its module account only passes tokens through:
// deposits are minted into it and sent on, bridge-outs are sent to it and
// burned.
type Keeper struct {
	addressCodec    address.Codec
	valAddressCodec address.Codec
	storeService    store.KVStoreService
	eventService    event.Service
	headerService   header.Service
	logger          log.Logger
	authority       string

	bankKeeper     types.BankKeeper
	stakingKeeper  types.StakingKeeper
	slashingKeeper types.SlashingKeeper

	Schema collections.Schema
	Params collections.Item[types.Params]

	// EvmKeys holds each validator's current EVM signing key and delegate.
	EvmKeys *collections.IndexedMap[sdk.ValAddress, types.EvmKey, EvmKeyIndexes]
	// Delegates maps each delegate account to the validator it sends for.
	Delegates collections.Map[sdk.AccAddress, sdk.ValAddress]
	// KeyOwners maps every EVM key ever registered to its validator.
	KeyOwners collections.Map[string, types.KeyOwner]
	// RetiredKeys are rotated keys that still sign: the contract may hold a
	// set with them.
	RetiredKeys collections.Map[string, types.RetiredKey]

	// LastObservedNonce is the last deposit minted or refunded.
	LastObservedNonce collections.Item[uint64]
	// AttestedNonces is each validator's last attested deposit nonce.
	AttestedNonces collections.Map[sdk.ValAddress, uint64]
	// DepositVotes are the attestations of deposits not yet observed: (nonce, validator) → claim.
	DepositVotes collections.Map[collections.Pair[uint64, sdk.ValAddress], types.DepositClaim]
	// DepositSplitSince is the block the next deposit's votes were seen split in.
	DepositSplitSince collections.Item[int64]

	// Transfers are the outbound transfers by id.
	Transfers *collections.IndexedMap[uint64, types.Transfer, TransferIndexes]
	// NextTransferID is the id the next transfer gets.
	NextTransferID collections.Sequence
	// Batches are the batches of transfers by nonce.
	Batches *collections.IndexedMap[uint64, types.Batch, BatchIndexes]
	// BatchSignatures: (batch nonce, EVM address) → signature.
	BatchSignatures itemSignatures
	// BatchVotes: (batch nonce, validator) → attested outcome.
	BatchVotes collections.Map[collections.Pair[uint64, sdk.ValAddress], int32]
	// NextBatchNonce is the nonce the next batch gets.
	NextBatchNonce collections.Sequence

	// SignerSets by nonce: the contract's and newer, and older ones until
	// their signing window passed.
	SignerSets collections.Map[uint64, types.SignerSet]
	// SignerSetSignatures: (set nonce, EVM address) → signature.
	SignerSetSignatures itemSignatures

	// AdminOps not yet executed on the contract, by admin nonce.
	AdminOps collections.Map[uint64, types.AdminOp]
	// AdminOpSignatures: (admin nonce, EVM address) → signature.
	AdminOpSignatures itemSignatures
	// NextAdminNonce is the admin nonce the next operation gets.
	NextAdminNonce collections.Sequence

	// ContractState is what more than 2/3 of the bonded power attested.
	ContractState collections.Item[types.ContractState]
	// ContractStateVotes are each validator's last attested contract state.
	ContractStateVotes collections.Map[sdk.ValAddress, types.ContractState]

	// ProducedDigests are every digest the chain made for signing.
	ProducedDigests collections.KeySet[[]byte]
	// SlashedEvidence are the digest ‖ EVM address pairs already slashed for.
	SlashedEvidence collections.KeySet[[]byte]
	// LivenessQueue orders the signing-window checks: (deadline height,
	// item kind, nonce).
	LivenessQueue collections.KeySet[collections.Triple[int64, uint64, uint64]]

	// Stats are the running totals.
	Stats collections.Item[types.Stats]

	// RetiredContract is release 1's contract and the sweep of its tokens
	// to the release-2 contract (only on a chain upgraded from release 1).
	RetiredContract collections.Item[types.RetiredContract]
	// RetiredVotes are each validator's report of the retired contract.
	RetiredVotes collections.Map[sdk.ValAddress, types.RetiredAttestation]
	// RetiredSignatures: (sweep operation, EVM address) → release-1 signature.
	RetiredSignatures itemSignatures
}

// NewKeeper builds the keeper. svc.Authority may change params (the gov module
// account by default).
func NewKeeper(
	svc moduleutil.Services,
	valAddressCodec address.Codec,
	bankKeeper types.BankKeeper,
	stakingKeeper types.StakingKeeper,
	slashingKeeper types.SlashingKeeper,
) Keeper {
	sb := collections.NewSchemaBuilder(svc.StoreService)
	idVal := collections.PairKeyCodec(collections.Uint64Key, sdk.ValAddressKey)
	idAddr := collections.PairKeyCodec(collections.Uint64Key, collections.StringKey)
	sigValue := codec.CollValue[types.ValidatorSignature](svc.Cdc)
	k := Keeper{
		addressCodec:    svc.AddressCodec,
		valAddressCodec: valAddressCodec,
		storeService:    svc.StoreService,
		eventService:    typedevent.Wrap(svc.EventService),
		headerService:   svc.HeaderService,
		logger:          svc.Logger.With(log.ModuleKey, "x/"+types.ModuleName),
		authority:       svc.Authority,
		bankKeeper:      bankKeeper,
		stakingKeeper:   stakingKeeper,
		slashingKeeper:  slashingKeeper,
		Params:          collections.NewItem(sb, types.ParamsKey, "params", codec.CollValue[types.Params](svc.Cdc)),
		EvmKeys: collections.NewIndexedMap(sb, types.EvmKeysKey, "evm_keys", sdk.ValAddressKey,
			codec.CollValue[types.EvmKey](svc.Cdc),
			EvmKeyIndexes{ByAddress: indexes.NewUnique(sb, types.EvmKeysByAddressKey, "evm_keys_by_address",
				collections.StringKey, sdk.ValAddressKey,
				func(_ sdk.ValAddress, key types.EvmKey) (string, error) { return key.EvmAddress, nil })},
		),
		Delegates:         collections.NewMap(sb, types.EvmKeysByDelegateKey, "delegates", sdk.AccAddressKey, collcodec.KeyToValueCodec(sdk.ValAddressKey)),
		KeyOwners:         collections.NewMap(sb, types.KeyOwnersKey, "key_owners", collections.StringKey, codec.CollValue[types.KeyOwner](svc.Cdc)),
		RetiredKeys:       collections.NewMap(sb, types.RetiredKeysKey, "retired_keys", collections.StringKey, codec.CollValue[types.RetiredKey](svc.Cdc)),
		LastObservedNonce: collections.NewItem(sb, types.LastObservedNonceKey, "last_observed_nonce", collections.Uint64Value),
		AttestedNonces:    collections.NewMap(sb, types.AttestedNoncesKey, "attested_nonces", sdk.ValAddressKey, collections.Uint64Value),
		DepositVotes:      collections.NewMap(sb, types.DepositVotesKey, "deposit_votes", idVal, codec.CollValue[types.DepositClaim](svc.Cdc)),
		DepositSplitSince: collections.NewItem(sb, types.DepositSplitSinceKey, "deposit_split_since", collections.Int64Value),
		Transfers: collections.NewIndexedMap(sb, types.TransfersKey, "transfers", collections.Uint64Key,
			codec.CollValue[types.Transfer](svc.Cdc),
			TransferIndexes{ByStatus: colls.NewMulti(sb, types.TransfersByStatusKey, "transfers_by_status",
				collections.Int32Key, collections.Uint64Key,
				func(_ uint64, t types.Transfer) (int32, error) { return int32(t.Status), nil })},
		),
		NextTransferID: collections.NewSequence(sb, types.NextTransferIDKey, "next_transfer_id"),
		Batches: collections.NewIndexedMap(sb, types.BatchesKey, "batches", collections.Uint64Key,
			codec.CollValue[types.Batch](svc.Cdc),
			BatchIndexes{ByStatus: colls.NewMulti(sb, types.BatchesByStatusKey, "batches_by_status",
				collections.Int32Key, collections.Uint64Key,
				func(_ uint64, b types.Batch) (int32, error) { return int32(b.Status), nil })},
		),
		BatchSignatures:     collections.NewMap(sb, types.BatchSignaturesKey, "batch_signatures", idAddr, sigValue),
		BatchVotes:          collections.NewMap(sb, types.BatchVotesKey, "batch_votes", idVal, collections.Int32Value),
		NextBatchNonce:      collections.NewSequence(sb, types.NextBatchNonceKey, "next_batch_nonce"),
		SignerSets:          collections.NewMap(sb, types.SignerSetsKey, "signer_sets", collections.Uint64Key, codec.CollValue[types.SignerSet](svc.Cdc)),
		SignerSetSignatures: collections.NewMap(sb, types.SignerSetSignaturesKey, "signer_set_signatures", idAddr, sigValue),
		AdminOps:            collections.NewMap(sb, types.AdminOpsKey, "admin_ops", collections.Uint64Key, codec.CollValue[types.AdminOp](svc.Cdc)),
		AdminOpSignatures:   collections.NewMap(sb, types.AdminOpSignaturesKey, "admin_op_signatures", idAddr, sigValue),
		NextAdminNonce:      collections.NewSequence(sb, types.NextAdminNonceKey, "next_admin_nonce"),
		ContractState:       collections.NewItem(sb, types.ContractStateKey, "contract_state", codec.CollValue[types.ContractState](svc.Cdc)),
		ContractStateVotes:  collections.NewMap(sb, types.ContractStateVotesKey, "contract_state_votes", sdk.ValAddressKey, codec.CollValue[types.ContractState](svc.Cdc)),
		ProducedDigests:     collections.NewKeySet(sb, types.ProducedDigestsKey, "produced_digests", collections.BytesKey),
		SlashedEvidence:     collections.NewKeySet(sb, types.SlashedEvidenceKey, "slashed_evidence", collections.BytesKey),
		LivenessQueue: collections.NewKeySet(sb, types.LivenessQueueKey, "liveness_queue",
			collections.TripleKeyCodec(collections.Int64Key, collections.Uint64Key, collections.Uint64Key)),
		Stats:             collections.NewItem(sb, types.StatsKey, "stats", codec.CollValue[types.Stats](svc.Cdc)),
		RetiredContract:   collections.NewItem(sb, types.RetiredContractKey, "retired_contract", codec.CollValue[types.RetiredContract](svc.Cdc)),
		RetiredVotes:      collections.NewMap(sb, types.RetiredVotesKey, "retired_votes", sdk.ValAddressKey, codec.CollValue[types.RetiredAttestation](svc.Cdc)),
		RetiredSignatures: collections.NewMap(sb, types.RetiredSignaturesKey, "retired_signatures", idAddr, sigValue),
	}
	schema := moduleutil.BuildSchema(sb)
	k.Schema = schema
	return k
}

// Authority returns the address that may change the params.
func (k *Keeper) Authority() string { return k.authority }

// Logger returns the module's logger.
func (k *Keeper) Logger() log.Logger { return k.logger }

// emit emits a typed event.
func (k *Keeper) emit(ctx context.Context, ev protoiface.MessageV1) error {
	return k.eventService.EventManager(ctx).Emit(ctx, ev)
}

// height is the current block height.
func (k *Keeper) height(ctx context.Context) int64 { return k.headerService.GetHeaderInfo(ctx).Height }
