package simulation

import (
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"time"

	"github.com/cosmos/cosmos-sdk/testutil/simsx"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/x/internal/simutil"
	"github.com/sessiontoken/sessionchain/x/pro/keeper"
	"github.com/sessiontoken/sessionchain/x/pro/types"
)

// MsgRevokeReceiptFactory proposes the revocation of a receipt not yet
// revoked.
func MsgRevokeReceiptFactory(k *keeper.Keeper) simsx.SimMsgFactoryFn[*types.MsgRevokeReceipt] {
	return func(ctx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgRevokeReceipt) {
		open, err := openReceipts(ctx, k)
		if err != nil {
			reporter.Fail(err, "reading the receipts")
			return nil, nil
		}
		if len(open) == 0 {
			reporter.Skip("no receipt to revoke")
			return nil, nil
		}
		rc := simutil.Pick(testData.Rand().Rand, open)
		return nil, &types.MsgRevokeReceipt{Authority: k.Authority(), Processor: rc.Processor, ReceiptId: rc.ReceiptId}
	}
}

// MsgRegisterIssuerKeyFactory proposes a new random issuer key, valid from
// now or up to three days later, open or for up to a year.
func MsgRegisterIssuerKeyFactory(k *keeper.Keeper) simsx.SimMsgFactoryFn[*types.MsgRegisterIssuerKey] {
	return func(ctx context.Context, testData *simsx.ChainDataSource, _ simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgRegisterIssuerKey) {
		r := testData.Rand().Rand
		seed := make([]byte, ed25519.SeedSize)
		for i := range seed {
			seed[i] = byte(r.Intn(256)) //nolint:gosec // below 256
		}
		msg := &types.MsgRegisterIssuerKey{
			Authority:   k.Authority(),
			Pubkey:      hex.EncodeToString(simutil.Pubkey(ed25519.NewKeyFromSeed(seed))),
			Description: "simulated issuer",
		}
		now := sdk.UnwrapSDKContext(ctx).BlockTime()
		if r.Intn(2) == 0 {
			from := now.Add(time.Duration(r.Intn(72)) * time.Hour)
			msg.NotBefore = &from
		}
		if r.Intn(2) == 0 {
			until := now.Add(time.Duration(73+r.Intn(365*24)) * time.Hour)
			msg.NotAfter = &until
		}
		return nil, msg
	}
}

// MsgRetireIssuerKeyFactory proposes to retire a registered issuer key.
func MsgRetireIssuerKeyFactory(k *keeper.Keeper) simsx.SimMsgFactoryFn[*types.MsgRetireIssuerKey] {
	return func(ctx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgRetireIssuerKey) {
		var keys []string
		err := k.IssuerKeys.Walk(ctx, nil, func(pubkey string, _ types.IssuerKey) (bool, error) {
			keys = append(keys, pubkey)
			return false, nil
		})
		if err != nil {
			reporter.Fail(err, "reading the issuer keys")
			return nil, nil
		}
		if len(keys) == 0 {
			reporter.Skip("no issuer key to retire")
			return nil, nil
		}
		return nil, &types.MsgRetireIssuerKey{Authority: k.Authority(), Pubkey: simutil.Pick(testData.Rand().Rand, keys)}
	}
}
