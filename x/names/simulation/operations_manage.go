package simulation

import (
	"context"

	"cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/testutil/simsx"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/x/names/keeper"
	"github.com/sessiontoken/sessionchain/x/names/types"
)

// records returns every record with its status now, in hash order.
func records(ctx context.Context, k *keeper.Keeper, params types.Params) ([]types.NameRecord, []types.NameStatus, error) {
	now := sdk.UnwrapSDKContext(ctx).HeaderInfo().Time
	var recs []types.NameRecord
	var statuses []types.NameStatus
	err := k.Records.Walk(ctx, nil, func(_ []byte, rec types.NameRecord) (bool, error) {
		recs = append(recs, rec)
		statuses = append(statuses, params.StatusAt(rec.Expiry, now))
		return false, nil
	})
	return recs, statuses, err
}

// activeManaged returns the active records an account the simulation
// holds may manage (owner, or backup owner when backup is true), with the
// account.
func activeManaged(ctx context.Context, k *keeper.Keeper, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter, backup bool,
) ([]types.NameRecord, []simsx.SimAccount, error) {
	params, err := k.Params.Get(ctx)
	if err != nil {
		return nil, nil, err
	}
	recs, statuses, err := records(ctx, k, params)
	if err != nil {
		return nil, nil, err
	}
	var out []types.NameRecord
	var signers []simsx.SimAccount
	for i, rec := range recs {
		if statuses[i] != types.NAME_STATUS_ACTIVE {
			continue
		}
		signer := rec.Owner
		if backup && rec.BackupOwner != "" {
			signer = rec.BackupOwner
		}
		if testData.HasAccount(signer) {
			out = append(out, rec)
			signers = append(signers, testData.GetAccount(reporter, signer))
		}
	}
	return out, signers, nil
}

// MsgUpdateNameFactory has the owner or the backup owner of an active name
// replace its value, its backup owner, or both.
func MsgUpdateNameFactory(k *keeper.Keeper) simsx.SimMsgFactoryFn[*types.MsgUpdateName] {
	return func(ctx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgUpdateName) {
		r := testData.Rand().Rand
		recs, signers, err := activeManaged(ctx, k, testData, reporter, r.Intn(3) == 0)
		if err != nil {
			reporter.Fail(err, "reading the records")
			return nil, nil
		}
		if len(recs) == 0 {
			reporter.Skip("no active name the simulation manages")
			return nil, nil
		}
		i := r.Intn(len(recs))
		rec, signer := recs[i], signers[i]
		msg := &types.MsgUpdateName{Signer: signer.AddressBech32, NameHash: rec.NameHash}
		if name, ok := nameOf(rec.NameHash); ok && r.Intn(3) != 0 {
			msg.EncryptedValue = value(r, name)
		}
		switch backup := testData.AnyAccount(reporter); {
		case rec.BackupOwner != "" && r.Intn(3) == 0:
			msg.RemoveBackupOwner = true
		case backup.AddressBech32 != rec.Owner && (len(msg.EncryptedValue) == 0 || r.Intn(2) == 0):
			msg.BackupOwner = backup.AddressBech32
		}
		if len(msg.EncryptedValue) == 0 && msg.BackupOwner == "" && !msg.RemoveBackupOwner {
			reporter.Skipf("nothing to change on %s", rec.NameHash)
			return nil, nil
		}
		return []simsx.SimAccount{signer}, msg
	}
}

// MsgTransferNameFactory has the owner or the backup owner of an active
// name give it to another account, paying the transfer fee, sometimes with
// a new value.
func MsgTransferNameFactory(k *keeper.Keeper) simsx.SimMsgFactoryFn[*types.MsgTransferName] {
	return func(ctx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgTransferName) {
		r := testData.Rand().Rand
		fee, ok := transferFee(ctx, k, reporter)
		if !ok {
			return nil, nil
		}
		recs, signers, err := activeManaged(ctx, k, testData, reporter, r.Intn(3) == 0)
		if err != nil {
			reporter.Fail(err, "reading the records")
			return nil, nil
		}
		if len(recs) == 0 {
			reporter.Skip("no active name the simulation manages")
			return nil, nil
		}
		i := r.Intn(len(recs))
		rec, signer := recs[i], signers[i]
		if !canPay(signer, fee) {
			reporter.Skipf("%s cannot pay the transfer fee %s", signer.AddressBech32, fee)
			return nil, nil
		}
		signer.LiquidBalance().BlockAmount(coin(fee))
		to := testData.AnyAccount(reporter)
		if to.AddressBech32 == rec.Owner {
			reporter.Skipf("%s picked its own owner", rec.NameHash)
			return nil, nil
		}
		msg := &types.MsgTransferName{Signer: signer.AddressBech32, NameHash: rec.NameHash, NewOwner: to.AddressBech32}
		if name, ok := nameOf(rec.NameHash); ok && r.Intn(2) == 0 {
			msg.EncryptedValue = value(r, name)
		}
		if fee.IsPositive() || r.Intn(2) == 0 {
			msg.MaxFee = coin(withMargin(r, fee))
		}
		return []simsx.SimAccount{signer}, msg
	}
}

// transferFee returns the transfer fee now; the reporter fails when the
// params cannot be read and skips when the fee has no price.
func transferFee(ctx context.Context, k *keeper.Keeper, reporter simsx.SimulationReporter) (math.Int, bool) {
	params, err := k.Params.Get(ctx)
	if err != nil {
		reporter.Fail(err, "reading the params")
		return math.Int{}, false
	}
	fee, err := k.TransferFee(ctx, params)
	if err != nil {
		reporter.Skipf("no transfer fee: %s", err)
		return math.Int{}, false
	}
	return fee, true
}
