//go:build e2e

package e2e

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// localnetBlocksTimeout bounds each wait for a few blocks in
// TestLocalnetFourValidators; a round whose proposer is down takes
// timeout_propose (3 s) on top of the block time.
const localnetBlocksTimeout = 30 * time.Second

// TestLocalnetFourValidators runs scripts/localnet.sh's four validators: they
// agree on every block, bond equal power, keep making blocks with one of them
// killed, and a validator restarted after a crash or a clean stop catches up.
func TestLocalnetFourValidators(t *testing.T) {
	ln := startLocalnet(t, 4)
	require.Equal(t, 4, ln.n())
	all := []int{0, 1, 2, 3}

	// A few blocks, the same on every validator.
	h, err := ln.height(0)
	require.NoError(t, err)
	h += 3
	for _, i := range all {
		ln.waitHeight(t, i, h, localnetBlocksTimeout)
	}
	requireSameBlock(t, ln, h, all)

	// Four validators with equal voting power, and the operators the helper
	// reports are the bonded ones, each with the same self-bond.
	var set struct {
		Validators []struct {
			VotingPower string `json:"voting_power"`
		} `json:"validators"`
		Total string `json:"total"`
	}
	require.NoError(t, ln.rpc(0, fmt.Sprintf("/validators?height=%d", h), &set))
	require.Len(t, set.Validators, 4, "validator set at height %d", h)
	require.Equal(t, "4", set.Total)
	for _, v := range set.Validators {
		require.Equal(t, set.Validators[0].VotingPower, v.VotingPower, "voting powers differ")
		require.NotEqual(t, "0", v.VotingPower)
	}

	var bonded struct {
		Validators []struct {
			OperatorAddress string `json:"operator_address"`
			Status          string `json:"status"`
			Tokens          string `json:"tokens"`
		} `json:"validators"`
	}
	restGet(t, ln.val(1).rest+"/cosmos/staking/v1beta1/validators?status=BOND_STATUS_BONDED", "", &bonded)
	require.Len(t, bonded.Validators, 4)
	var operators []string
	for _, v := range bonded.Validators {
		operators = append(operators, v.OperatorAddress)
		require.Equal(t, bonded.Validators[0].Tokens, v.Tokens, "self-bonds differ")
	}
	for _, i := range all {
		require.Contains(t, operators, ln.val(i).operator, "validator %d", i)
		// Each home's client config talks to its own validator.
		var own struct {
			Validator struct {
				OperatorAddress string `json:"operator_address"`
				Status          string `json:"status"`
			} `json:"validator"`
		}
		ln.cliJSON(t, i, &own, "query", "staking", "validator", ln.val(i).operator)
		require.Equal(t, "BOND_STATUS_BONDED", own.Validator.Status, "validator %d", i)
	}

	// A crash: three of four validators hold 3/4 of the power, more than
	// the 2/3 a block needs.
	ln.kill(t, 3)
	_, running := ln.pid(3)
	require.False(t, running, "validator 3 still has a pid after kill")
	_, err = ln.height(3)
	require.Error(t, err, "validator 3's RPC still answers after kill")
	h, err = ln.height(0)
	require.NoError(t, err)
	for _, i := range []int{0, 1, 2} {
		ln.waitHeight(t, i, h+3, localnetBlocksTimeout)
	}

	// Restarted, it catches up with the others and agrees with them.
	ln.restart(t, 3)
	h, err = ln.height(0)
	require.NoError(t, err)
	ln.waitHeight(t, 3, h+1, localnetBlocksTimeout)
	requireSameBlock(t, ln, h, all)

	// A clean stop and restart of another validator.
	ln.stop(t, 2)
	_, running = ln.pid(2)
	require.False(t, running, "validator 2 still has a pid after stop")
	ln.restart(t, 2)
	h, err = ln.height(0)
	require.NoError(t, err)
	ln.waitHeight(t, 2, h+1, localnetBlocksTimeout)
	requireSameBlock(t, ln, h, all)
}

// requireSameBlock checks that the validators hold the same block at height:
// same block id and the same app hash (the state after height-1).
func requireSameBlock(t *testing.T, ln *localnet, height int64, validators []int) {
	t.Helper()
	type block struct {
		BlockID struct {
			Hash string `json:"hash"`
		} `json:"block_id"`
		Block struct {
			Header struct {
				Height  string `json:"height"`
				AppHash string `json:"app_hash"`
			} `json:"header"`
		} `json:"block"`
	}
	var first block
	for n, i := range validators {
		var b block
		require.NoError(t, ln.rpc(i, fmt.Sprintf("/block?height=%d", height), &b), "validator %d", i)
		require.Equal(t, fmt.Sprint(height), b.Block.Header.Height, "validator %d", i)
		require.NotEmpty(t, b.Block.Header.AppHash, "validator %d", i)
		if n == 0 {
			first = b
			continue
		}
		require.Equal(t, first.BlockID.Hash, b.BlockID.Hash, "block %d: validators %d and %d differ", height, validators[0], i)
		require.Equal(t, first.Block.Header.AppHash, b.Block.Header.AppHash, "block %d: app hashes of validators %d and %d differ", height, validators[0], i)
	}
}
