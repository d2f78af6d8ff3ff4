package testutil

import (
	"crypto/ecdsa"
	"crypto/sha256"
	"encoding/json"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/stretchr/testify/require"

	"github.com/cosmos/cosmos-sdk/codec"
	sdk "github.com/cosmos/cosmos-sdk/types"
	stakingtypes "github.com/cosmos/cosmos-sdk/x/staking/types"

	"github.com/sessiontoken/sessionchain/x/bridge/evmkey"
	bridgetypes "github.com/sessiontoken/sessionchain/x/bridge/types"
)

// NewEvmKey returns the EVM key named name: the same name always gives the
// same key, so failures reproduce.
func NewEvmKey(t testing.TB, name string) *ecdsa.PrivateKey {
	t.Helper()
	seed := sha256.Sum256([]byte("sessionchain test EVM key " + name))
	key, err := crypto.ToECDSA(seed[:])
	require.NoError(t, err)
	return key
}

// EvmAddress is the address of an EVM key.
func EvmAddress(key *ecdsa.PrivateKey) common.Address { return crypto.PubkeyToAddress(key.PublicKey) }

// SignEvm signs a bridge digest with key as a validator's relayer does.
func SignEvm(t testing.TB, key *ecdsa.PrivateKey, digest common.Hash) []byte {
	t.Helper()
	sig, err := evmkey.Sign(key, digest)
	require.NoError(t, err)
	return sig
}

// RegisterEvmKeyMsg is the registration of key and delegate by the
// validator operated by operator, with its proof of possession for chainID.
func RegisterEvmKeyMsg(t testing.TB, chainID string, operator sdk.AccAddress, key *ecdsa.PrivateKey, delegate sdk.AccAddress) *bridgetypes.MsgRegisterEvmKey {
	t.Helper()
	return &bridgetypes.MsgRegisterEvmKey{
		Validator:  operator.String(),
		EvmAddress: EvmAddress(key).Hex(),
		Delegate:   delegate.String(),
		Signature:  SignEvm(t, key, bridgetypes.EvmKeyDigest(chainID, sdk.ValAddress(operator).String(), delegate.String())),
	}
}

// SetBridgeParams sets the bridge module's params in a genesis app state
// (for ChainOptions.EditGenesis).
func SetBridgeParams(t testing.TB, cdc codec.Codec, genesis map[string]json.RawMessage, params bridgetypes.Params) {
	t.Helper()
	var gs bridgetypes.GenesisState
	require.NoError(t, cdc.UnmarshalJSON(genesis[bridgetypes.ModuleName], &gs))
	gs.Params = params
	require.NoError(t, gs.Validate())
	genesis[bridgetypes.ModuleName] = cdc.MustMarshalJSON(&gs)
}

// OperateGenesisValidator makes operator the operator of the chain's only
// validator (for ChainOptions.EditGenesis). The SDK's test genesis names it
// after its consensus key, whose account nobody can sign for; with this the
// test signs the validator's transactions as operator. The delegation to the
// validator follows it. It returns the validator's new address.
func OperateGenesisValidator(t testing.TB, cdc codec.Codec, genesis map[string]json.RawMessage, operator sdk.AccAddress) sdk.ValAddress {
	t.Helper()
	var gs stakingtypes.GenesisState
	require.NoError(t, cdc.UnmarshalJSON(genesis[stakingtypes.ModuleName], &gs))
	require.Len(t, gs.Validators, 1, "the test chain has one validator")
	valAddr := sdk.ValAddress(operator)
	old := gs.Validators[0].OperatorAddress
	gs.Validators[0].OperatorAddress = valAddr.String()
	for i := range gs.Delegations {
		if gs.Delegations[i].ValidatorAddress == old {
			gs.Delegations[i].ValidatorAddress = valAddr.String()
		}
	}
	genesis[stakingtypes.ModuleName] = cdc.MustMarshalJSON(&gs)
	return valAddr
}
