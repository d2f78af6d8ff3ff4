package keeper

import (
	"context"
	"errors"

	"cosmossdk.io/collections"
	errorsmod "cosmossdk.io/errors"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/x/internal/authority"
	"github.com/sessiontoken/sessionchain/x/internal/moduleutil"
	"github.com/sessiontoken/sessionchain/x/names/types"
)

type msgServer struct {
	k *Keeper
}

var _ types.MsgServer = msgServer{}

// NewMsgServerImpl returns the module's Msg service.
func NewMsgServerImpl(k *Keeper) types.MsgServer {
	return msgServer{k: k}
}

// address decodes a message's account field.
func (m msgServer) address(field, s string) (sdk.AccAddress, error) {
	return moduleutil.ParseAddress(m.k.addressCodec, types.ErrInvalidAddress, field, s)
}

// nameMsg is what a message about one name is made of: its account field
// decoded (bytes and canonical form) and the name's hash parsed.
type nameMsg struct {
	addr    sdk.AccAddress
	account string
	hash    []byte
	hashHex string
}

// nameMsg checks a message about one name (ValidateBasic), then decodes its
// account field and parses its name hash, failing in that order.
func (m msgServer) nameMsg(msg interface{ ValidateBasic() error }, field, account, nameHash string) (nameMsg, error) {
	if err := msg.ValidateBasic(); err != nil {
		return nameMsg{}, err
	}
	addr, canonical, err := m.canonical(field, account)
	if err != nil {
		return nameMsg{}, err
	}
	hash, hashHex, err := types.ParseNameHash(nameHash)
	if err != nil {
		return nameMsg{}, err
	}
	return nameMsg{addr: addr, account: canonical, hash: hash, hashHex: hashHex}, nil
}

// canonical returns an address's bytes and its canonical bech32 form (a
// bech32 string may also be written in capitals), decoding it once: each
// decoding reads the SDK's global config, which costs a few system calls.
func (m msgServer) canonical(field, s string) (sdk.AccAddress, string, error) {
	bz, err := m.address(field, s)
	if err != nil {
		return nil, "", err
	}
	text, err := m.k.addressCodec.BytesToString(bz)
	return bz, text, err
}

// backupOwner returns a new backup owner in canonical form, refusing the
// owner itself.
func (m msgServer) backupOwner(s, owner string) (string, error) {
	_, backup, err := m.canonical("backup_owner", s)
	if err != nil {
		return "", errorsmod.Wrap(types.ErrInvalidBackupOwner, err.Error())
	}
	if backup == owner {
		return "", errorsmod.Wrapf(types.ErrInvalidBackupOwner, "%s is the owner", backup)
	}
	return backup, nil
}

// mayManage reports whether signer may update or transfer rec: its owner
// or its backup owner.
func mayManage(rec types.NameRecord, signer string) error {
	if signer != rec.Owner && (rec.BackupOwner == "" || signer != rec.BackupOwner) {
		return errorsmod.Wrapf(types.ErrNotOwner, "%s is neither the owner %s nor the backup owner of name %s", signer, rec.Owner, rec.NameHash)
	}
	return nil
}

// UpdateParams replaces the params; authority only.
func (m msgServer) UpdateParams(ctx context.Context, msg *types.MsgUpdateParams) (*types.MsgUpdateParamsResponse, error) {
	if err := authority.Check(ctx, m.k.authority, msg.Authority, types.ErrInvalidAuthority); err != nil {
		return nil, err
	}
	if err := msg.Params.Validate(); err != nil {
		return nil, err
	}
	return &types.MsgUpdateParamsResponse{}, m.k.Params.Set(ctx, msg.Params)
}

// isNotFound reports a missing collection entry.
func isNotFound(err error) bool {
	return errors.Is(err, collections.ErrNotFound)
}
