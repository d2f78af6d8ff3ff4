package keeper

import (
	"context"

	"github.com/sessiontoken/sessionchain/x/bridge/types"
)

// RetiredContract returns release 1's retired contract, its sweep and the
// sweep's signatures and digests.
func (q queryServer) RetiredContract(ctx context.Context, _ *types.QueryRetiredContractRequest) (*types.QueryRetiredContractResponse, error) {
	r, ok, err := q.k.retiredContract(ctx)
	if err != nil || !ok {
		return &types.QueryRetiredContractResponse{}, err
	}
	resp := &types.QueryRetiredContractResponse{Retired: &r}
	for _, out := range []struct {
		op   uint64
		sigs *[]types.ValidatorSignature
	}{
		{types.SweepOpCap, &resp.CapSignatures},
		{types.SweepOpWithdraw, &resp.WithdrawSignatures},
		{types.SweepOpPause, &resp.PauseSignatures},
	} {
		sigs, err := signaturesOf(ctx, q.k.RetiredSignatures, out.op)
		if err != nil {
			return nil, err
		}
		*out.sigs = sigs
	}
	if r.Stage == types.RETIRED_STAGE_SIGN {
		capDigest, withdrawDigest, pauseDigest := r.SweepDigests()
		resp.CapDigest, resp.WithdrawDigest, resp.PauseDigest = capDigest.Bytes(), withdrawDigest.Bytes(), pauseDigest.Bytes()
	}
	return resp, nil
}
