package types

import (
	"bytes"
	"crypto/ed25519"
	"encoding/hex"

	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
)

// ValidateBasic leaves the signer's address alone: the SDK decodes it
// (GetSigners) before a message reaches any of this, in CheckTx and on every
// path to the Msg server, and the Msg server decodes it again for its own
// use. Decoding it here as well (with sdk.AccAddressFromBech32, which reads
// the SDK's global config twice) cost about 6% of a block of these messages,
// ValidateBasic running three times per message.

// The messages checked by ValidateBasic.
var _ = []sdk.HasValidateBasic{
	(*MsgRegisterNode)(nil), (*MsgContribute)(nil), (*MsgWithdrawContribution)(nil),
	(*MsgRequestUnlock)(nil), (*MsgClaimRewards)(nil), (*MsgDeregisterNode)(nil),
	(*MsgUpdateParams)(nil), (*MsgUptimeProof)(nil), (*MsgNodeStateVote)(nil), (*MsgActivateNode)(nil),
	(*MsgSetBeneficiary)(nil), (*MsgUpdateReservations)(nil), (*MsgChangeFee)(nil),
	(*MsgRotateNodeKey)(nil),
}

// ValidatePubkey checks a node public key's size.
func ValidatePubkey(pubkey []byte) error {
	if len(pubkey) != PubkeySize {
		return errorsmod.Wrapf(ErrInvalidPubkey, "want %d bytes, got %d", PubkeySize, len(pubkey))
	}
	return nil
}

// ParsePubkeyHex reads a node public key written in hex, as the CLI, the
// queries and the state show it, and returns its canonical lowercase form.
func ParsePubkeyHex(s string) (string, error) {
	bz, err := hex.DecodeString(s)
	if err != nil {
		return "", errorsmod.Wrapf(ErrInvalidPubkey, "%q is not hex: %s", s, err)
	}
	if err := ValidatePubkey(bz); err != nil {
		return "", err
	}
	return hex.EncodeToString(bz), nil
}

// ValidateStake checks that coin is a positive amount of nsesh.
func ValidateStake(coin sdk.Coin) (math.Int, error) {
	if coin.Denom != Denom {
		return math.Int{}, errorsmod.Wrapf(ErrInvalidDenom, "stakes are in %s, got %q", Denom, coin.Denom)
	}
	if coin.Amount.IsNil() || !coin.Amount.IsPositive() {
		return math.Int{}, errorsmod.Wrapf(ErrInvalidAmount, "amount must be positive, got %s", coin.Amount)
	}
	return coin.Amount, nil
}

// ValidateBasic checks the registration's form; the stake rules that depend
// on params and the signature are the Msg server's.
func (m *MsgRegisterNode) ValidateBasic() error {
	if err := ValidatePubkey(m.Pubkey); err != nil {
		return err
	}
	if m.FeeBps > BasisPoints {
		return errorsmod.Wrapf(ErrInvalidFee, "fee must be 0 to %d basis points, got %d", BasisPoints, m.FeeBps)
	}
	if _, err := ValidateStake(m.Stake); err != nil {
		return err
	}
	return validateReserved(m.Operator, m.Reserved)
}

// validateReserved checks a list of reserved spots' form: valid addresses,
// none the operator's or listed twice, positive amounts. Addresses are
// compared as bytes: bech32 also accepts an upper-case spelling. Only a
// list with spots needs the operator's address.
func validateReserved(operatorStr string, reserved []ReservedSpot) error {
	if len(reserved) == 0 {
		return nil
	}
	operator, err := sdk.AccAddressFromBech32(operatorStr)
	if err != nil {
		return errorsmod.Wrapf(ErrInvalidAddress, "operator %q: %s", operatorStr, err)
	}
	seen := map[string]bool{string(operator): true}
	for _, r := range reserved {
		addr, err := sdk.AccAddressFromBech32(r.Address)
		if err != nil {
			return errorsmod.Wrapf(ErrInvalidReserved, "reserved spot %q: %s", r.Address, err)
		}
		if seen[string(addr)] {
			return errorsmod.Wrapf(ErrInvalidReserved, "%s is the operator or listed twice", r.Address)
		}
		seen[string(addr)] = true
		if r.Amount.IsNil() || !r.Amount.IsPositive() {
			return errorsmod.Wrapf(ErrInvalidReserved, "amount for %s must be positive", r.Address)
		}
	}
	return nil
}

// ValidateBasic checks the new reservations' form; the bounds that depend
// on the node and the params are the Msg server's.
func (m *MsgUpdateReservations) ValidateBasic() error {
	if err := ValidatePubkey(m.Pubkey); err != nil {
		return err
	}
	return validateReserved(m.Operator, m.Reserved)
}

// ValidateBasic checks the fee change's form.
func (m *MsgChangeFee) ValidateBasic() error {
	if err := ValidatePubkey(m.Pubkey); err != nil {
		return err
	}
	if m.FeeBps > BasisPoints {
		return errorsmod.Wrapf(ErrInvalidFee, "fee must be 0 to %d basis points, got %d", BasisPoints, m.FeeBps)
	}
	return nil
}

// ValidateBasic checks the contribution's form.
func (m *MsgContribute) ValidateBasic() error {
	if err := ValidatePubkey(m.Pubkey); err != nil {
		return err
	}
	if m.MaxFeeBps > BasisPoints {
		return errorsmod.Wrapf(ErrInvalidFee, "max fee must be 0 (no bound) to %d basis points, got %d", BasisPoints, m.MaxFeeBps)
	}
	_, err := ValidateStake(m.Amount)
	return err
}

// ValidateBasic checks the withdrawal's form.
func (m *MsgWithdrawContribution) ValidateBasic() error {
	return ValidatePubkey(m.Pubkey)
}

// ValidateBasic checks the unlock request's form.
func (m *MsgRequestUnlock) ValidateBasic() error {
	return ValidatePubkey(m.Pubkey)
}

// ValidateBasic checks the activation's form.
func (m *MsgActivateNode) ValidateBasic() error {
	return ValidatePubkey(m.Pubkey)
}

// ValidateBasic checks the claim's form: it has none but its signer.
func (m *MsgClaimRewards) ValidateBasic() error {
	return nil
}

// ValidateBasic checks the beneficiary change's form; the beneficiary's
// address is the Msg server's to decode, as the signer's is.
func (m *MsgSetBeneficiary) ValidateBasic() error {
	return ValidatePubkey(m.Pubkey)
}

// ValidateBasic checks the deregistration's form.
func (m *MsgDeregisterNode) ValidateBasic() error {
	return ValidatePubkey(m.Pubkey)
}

// ValidateBasic checks the params' ranges.
func (m *MsgUpdateParams) ValidateBasic() error {
	return m.Params.Validate()
}

// ValidateBasic checks the message without state.
func (m *MsgUptimeProof) ValidateBasic() error {
	if err := ValidatePubkey(m.Pubkey); err != nil {
		return err
	}
	if m.Seq == 0 {
		return errorsmod.Wrap(ErrProofSequence, "proof sequence numbers start at 1")
	}
	if len(m.Signature) != ed25519.SignatureSize {
		return errorsmod.Wrapf(ErrInvalidSignature, "want %d bytes, got %d", ed25519.SignatureSize, len(m.Signature))
	}
	if m.BlockHeight < 1 {
		return errorsmod.Wrapf(ErrUnknownBlock, "block_height must be positive, got %d", m.BlockHeight)
	}
	if len(m.AppHash) != AppHashSize {
		return errorsmod.Wrapf(ErrUnknownBlock, "app_hash must have %d bytes, got %d", AppHashSize, len(m.AppHash))
	}
	if len(m.SeedProof) != 0 && len(m.SeedProof) != SeedProofSize {
		return errorsmod.Wrapf(ErrInvalidSeedProof, "want %d bytes, got %d", SeedProofSize, len(m.SeedProof))
	}
	return m.Endpoint.Validate()
}

// AppHashSize is the size of the app hash an uptime proof signs.
const AppHashSize = 32

// ValidateBasic checks the message without state.
func (m *MsgNodeStateVote) ValidateBasic() error {
	if err := ValidatePubkey(m.Voter); err != nil {
		return errorsmod.Wrap(err, "voter")
	}
	if err := ValidatePubkey(m.Tested); err != nil {
		return errorsmod.Wrap(err, "tested")
	}
	if bytes.Equal(m.Voter, m.Tested) {
		return errorsmod.Wrap(ErrNotQuorumMember, "a node does not vote about itself")
	}
	if _, ok := NodeState_name[int32(m.State)]; !ok || m.State == NODE_STATE_UNSPECIFIED {
		return errorsmod.Wrapf(ErrInvalidState, "state %d", m.State)
	}
	if len(m.Signature) != ed25519.SignatureSize {
		return errorsmod.Wrapf(ErrInvalidSignature, "want %d bytes, got %d", ed25519.SignatureSize, len(m.Signature))
	}
	return nil
}

// ValidateBasic checks the key rotation's form; the node, the keys in use
// and the signature are the Msg server's.
func (m *MsgRotateNodeKey) ValidateBasic() error {
	if err := ValidatePubkey(m.NodePubkey); err != nil {
		return err
	}
	if err := ValidatePubkey(m.NewPubkey); err != nil {
		return err
	}
	if len(m.Signature) != ed25519.SignatureSize {
		return errorsmod.Wrapf(ErrInvalidSignature, "want %d bytes, got %d", ed25519.SignatureSize, len(m.Signature))
	}
	return nil
}
