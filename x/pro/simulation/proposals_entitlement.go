package simulation

import (
	"crypto/ed25519"
	"encoding/hex"
	"math/rand"
	"time"

	"cosmossdk.io/collections"

	sdk "github.com/cosmos/cosmos-sdk/types"
	simtypes "github.com/cosmos/cosmos-sdk/types/simulation"
	"github.com/cosmos/cosmos-sdk/x/simulation"

	"github.com/sessiontoken/sessionchain/x/pro/keeper"
	"github.com/sessiontoken/sessionchain/x/pro/types"
)

// entitlementProposals are the proposals of the revocation and issuer key
// messages.
func entitlementProposals(k *keeper.Keeper) []simtypes.WeightedProposalMsg {
	return []simtypes.WeightedProposalMsg{
		simulation.NewWeightedProposalMsg(OpWeightMsgRevokeReceipt, DefaultWeightMsgRevokeReceipt,
			func(r *rand.Rand, ctx sdk.Context, _ []simtypes.Account) sdk.Msg {
				var open []types.Receipt
				if err := k.Receipts.Walk(ctx, nil, func(_ collections.Pair[sdk.AccAddress, string], rc types.Receipt) (bool, error) {
					if rc.RevokedAt == nil {
						open = append(open, rc)
					}
					return false, nil
				}); err != nil || len(open) == 0 {
					return nil
				}
				rc := open[r.Intn(len(open))]
				return &types.MsgRevokeReceipt{Authority: k.Authority(), Processor: rc.Processor, ReceiptId: rc.ReceiptId}
			}),
		simulation.NewWeightedProposalMsg(OpWeightMsgRegisterIssuerKey, DefaultWeightMsgRegisterIssuerKey,
			func(r *rand.Rand, ctx sdk.Context, _ []simtypes.Account) sdk.Msg {
				seed := make([]byte, ed25519.SeedSize)
				for i := range seed {
					seed[i] = byte(r.Intn(256)) //nolint:gosec // below 256
				}
				msg := &types.MsgRegisterIssuerKey{
					Authority:   k.Authority(),
					Pubkey:      hex.EncodeToString(ed25519.NewKeyFromSeed(seed).Public().(ed25519.PublicKey)),
					Description: "simulated issuer",
				}
				if r.Intn(2) == 0 {
					from := ctx.BlockTime().Add(time.Duration(r.Intn(72)) * time.Hour)
					msg.NotBefore = &from
				}
				if r.Intn(2) == 0 {
					until := ctx.BlockTime().Add(time.Duration(73+r.Intn(365*24)) * time.Hour)
					msg.NotAfter = &until
				}
				return msg
			}),
		simulation.NewWeightedProposalMsg(OpWeightMsgRetireIssuerKey, DefaultWeightMsgRetireIssuerKey,
			func(r *rand.Rand, ctx sdk.Context, _ []simtypes.Account) sdk.Msg {
				var keys []string
				if err := k.IssuerKeys.Walk(ctx, nil, func(pubkey string, _ types.IssuerKey) (bool, error) {
					keys = append(keys, pubkey)
					return false, nil
				}); err != nil || len(keys) == 0 {
					return nil
				}
				return &types.MsgRetireIssuerKey{Authority: k.Authority(), Pubkey: keys[r.Intn(len(keys))]}
			}),
	}
}
