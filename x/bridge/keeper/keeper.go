// Package keeper holds the state and state transitions of the bridge: EVM
// keys, deposit attestations, outbound transfers, their signatures, and the
// signer sets the bridge contract checks signatures against.
package keeper

import (
	"context"

	"cosmossdk.io/collections"
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
// relayers' work lists.
type TransferIndexes struct {
	ByStatus *colls.Multi[int32, uint64, types.Transfer]
}

// IndexesList implements collections.Indexes.
func (i TransferIndexes) IndexesList() []collections.Index[uint64, types.Transfer] {
	return []collections.Index[uint64, types.Transfer]{i.ByStatus}
}

// Keeper manages the bridge. Its module account only passes tokens through:
// deposits are minted into it and sent on, bridge-outs are sent to it and
// burned.
type Keeper struct {
	addressCodec    address.Codec
	valAddressCodec address.Codec
	eventService    event.Service
	headerService   header.Service
	logger          log.Logger
	authority       string

	bankKeeper    types.BankKeeper
	stakingKeeper types.StakingKeeper

	Schema collections.Schema
	Params collections.Item[types.Params]
	// EvmKeys holds each validator's EVM signing address.
	EvmKeys *collections.IndexedMap[sdk.ValAddress, types.EvmKey, EvmKeyIndexes]
	// LastObservedNonce is the last deposit minted or refunded.
	LastObservedNonce collections.Item[uint64]
	// AttestedNonces is each validator's last attested deposit nonce.
	AttestedNonces collections.Map[sdk.ValAddress, uint64]
	// DepositVotes are the attestations of deposits not yet observed: (nonce, validator) → claim.
	DepositVotes collections.Map[collections.Pair[uint64, sdk.ValAddress], types.DepositClaim]
	// Transfers are the outbound transfers by id.
	Transfers *collections.IndexedMap[uint64, types.Transfer, TransferIndexes]
	// TransferSignatures of transfers not yet executed: (id, validator) → signature.
	TransferSignatures collections.Map[collections.Pair[uint64, sdk.ValAddress], types.ValidatorSignature]
	// ExecutionVotes of transfers not yet executed: (id, validator).
	ExecutionVotes collections.KeySet[collections.Pair[uint64, sdk.ValAddress]]
	// SignerSets by nonce.
	SignerSets collections.Map[uint64, types.SignerSet]
	// SignerSetSignatures: (nonce, validator) → signature.
	SignerSetSignatures collections.Map[collections.Pair[uint64, sdk.ValAddress], types.ValidatorSignature]
	// NextTransferID is the id the next transfer gets.
	NextTransferID collections.Sequence
	// Stats are the running totals.
	Stats collections.Item[types.Stats]
}

// NewKeeper builds the keeper. authority may change params (the gov module
// account by default).
func NewKeeper(
	cdc codec.BinaryCodec,
	addressCodec address.Codec,
	valAddressCodec address.Codec,
	storeService store.KVStoreService,
	eventService event.Service,
	headerService header.Service,
	logger log.Logger,
	authority string,
	bankKeeper types.BankKeeper,
	stakingKeeper types.StakingKeeper,
) Keeper {
	sb := collections.NewSchemaBuilder(storeService)
	idVal := collections.PairKeyCodec(collections.Uint64Key, sdk.ValAddressKey)
	k := Keeper{
		addressCodec:    addressCodec,
		valAddressCodec: valAddressCodec,
		eventService:    typedevent.Wrap(eventService),
		headerService:   headerService,
		logger:          logger.With(log.ModuleKey, "x/"+types.ModuleName),
		authority:       authority,
		bankKeeper:      bankKeeper,
		stakingKeeper:   stakingKeeper,
		Params:          collections.NewItem(sb, types.ParamsKey, "params", codec.CollValue[types.Params](cdc)),
		EvmKeys: collections.NewIndexedMap(sb, types.EvmKeysKey, "evm_keys", sdk.ValAddressKey,
			codec.CollValue[types.EvmKey](cdc),
			EvmKeyIndexes{ByAddress: indexes.NewUnique(sb, types.EvmKeysByAddressKey, "evm_keys_by_address",
				collections.StringKey, sdk.ValAddressKey,
				func(_ sdk.ValAddress, key types.EvmKey) (string, error) { return key.EvmAddress, nil })},
		),
		LastObservedNonce: collections.NewItem(sb, types.LastObservedNonceKey, "last_observed_nonce", collections.Uint64Value),
		AttestedNonces:    collections.NewMap(sb, types.AttestedNoncesKey, "attested_nonces", sdk.ValAddressKey, collections.Uint64Value),
		DepositVotes:      collections.NewMap(sb, types.DepositVotesKey, "deposit_votes", idVal, codec.CollValue[types.DepositClaim](cdc)),
		Transfers: collections.NewIndexedMap(sb, types.TransfersKey, "transfers", collections.Uint64Key,
			codec.CollValue[types.Transfer](cdc),
			TransferIndexes{ByStatus: colls.NewMulti(sb, types.TransfersByStatusKey, "transfers_by_status",
				collections.Int32Key, collections.Uint64Key,
				func(_ uint64, t types.Transfer) (int32, error) { return int32(t.Status), nil })},
		),
		TransferSignatures:  collections.NewMap(sb, types.TransferSignaturesKey, "transfer_signatures", idVal, codec.CollValue[types.ValidatorSignature](cdc)),
		ExecutionVotes:      collections.NewKeySet(sb, types.ExecutionVotesKey, "execution_votes", idVal),
		SignerSets:          collections.NewMap(sb, types.SignerSetsKey, "signer_sets", collections.Uint64Key, codec.CollValue[types.SignerSet](cdc)),
		SignerSetSignatures: collections.NewMap(sb, types.SignerSetSignaturesKey, "signer_set_signatures", idVal, codec.CollValue[types.ValidatorSignature](cdc)),
		NextTransferID:      collections.NewSequence(sb, types.NextTransferIDKey, "next_transfer_id"),
		Stats:               collections.NewItem(sb, types.StatsKey, "stats", codec.CollValue[types.Stats](cdc)),
	}
	schema, err := sb.Build()
	if err != nil {
		panic(err)
	}
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
