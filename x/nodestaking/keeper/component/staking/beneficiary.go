package staking

import (
	"context"
	"encoding/hex"

	errorsmod "cosmossdk.io/errors"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// A contribution may name a beneficiary (Contribution.beneficiary): the
// address its rewards from the node are paid to when claimed, its final
// share is credited to when the stakes return, and its stake is returned
// to. It is kept per contribution, as the live network's contract keeps a
// beneficiary per contributor of each node: one address may stake in
// several nodes for different owners. Empty means the contributor itself;
// naming the contributor stores it empty, so there is one spelling of
// "none".

// Beneficiary decodes the beneficiary a message names for contributor:
// empty for none (or the contributor itself), else its canonical spelling.
// An address that is not valid, or one x/bank refuses to pay (a module
// account), is refused with ErrInvalidAddress: a stake owed to it could
// never be returned.
func (k *Keeper) Beneficiary(contributor sdk.AccAddress, s string) (string, error) {
	addr, err := k.payTo("beneficiary", contributor, s)
	if err != nil || addr == nil {
		return "", err
	}
	return k.env.AddressCodec.BytesToString(addr)
}

// Recipient decodes a claim's recipient: nil for none (or the claimant),
// refused as Beneficiary refuses.
func (k *Keeper) Recipient(claimant sdk.AccAddress, s string) (sdk.AccAddress, error) {
	return k.payTo("recipient", claimant, s)
}

// payTo decodes an address (field) that owner's money is to be sent to:
// nil when s is empty or owner itself.
func (k *Keeper) payTo(field string, owner sdk.AccAddress, s string) (sdk.AccAddress, error) {
	if s == "" {
		return nil, nil
	}
	addr, err := k.address(field, s)
	if err != nil {
		return nil, err
	}
	if addr.Equals(owner) {
		return nil, nil
	}
	if k.bank.BlockedAddr(addr) {
		return nil, errorsmod.Wrapf(types.ErrInvalidAddress, "%s %q may not receive funds", field, s)
	}
	return addr, nil
}

// SetBeneficiary names (or clears) the beneficiary of the sender's
// contribution to a node. The message passed ValidateBasic.
func (k *Keeper) SetBeneficiary(ctx context.Context, msg *types.MsgSetBeneficiary) error {
	nodeKey := hex.EncodeToString(msg.Pubkey)
	contributor, err := k.address("contributor", msg.Contributor)
	if err != nil {
		return err
	}
	beneficiary, err := k.Beneficiary(contributor, msg.Beneficiary)
	if err != nil {
		return err
	}
	if _, err := k.GetNode(ctx, nodeKey); err != nil {
		return err
	}
	c, err := k.contributionOf(ctx, nodeKey, contributor)
	if err != nil {
		return err
	}
	c.Beneficiary = beneficiary
	if err := k.Contributions.Set(ctx, ContribKey(nodeKey, contributor), c); err != nil {
		return err
	}
	return k.emitBeneficiary(ctx, nodeKey, contributor, beneficiary)
}

// emitBeneficiary reports a contribution's beneficiary.
func (k *Keeper) emitBeneficiary(ctx context.Context, nodeKey string, contributor sdk.AccAddress, beneficiary string) error {
	contributorStr, err := k.env.AddressCodec.BytesToString(contributor)
	if err != nil {
		return err
	}
	return k.env.Emit(ctx, &types.EventBeneficiarySet{Pubkey: nodeKey, Contributor: contributorStr, Beneficiary: beneficiary})
}

// payee returns where a contribution's money goes: its beneficiary, or
// the contributor.
func (k *Keeper) payee(c Contrib) (sdk.AccAddress, error) {
	if c.Beneficiary == "" {
		return c.Addr, nil
	}
	return k.address("beneficiary", c.Beneficiary)
}
