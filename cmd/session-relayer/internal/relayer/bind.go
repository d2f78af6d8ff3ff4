package relayer

import (
	"context"
	"fmt"

	"github.com/ethereum/go-ethereum/common"
)

// bindEVM checks the contract against the chain's params and reads the head
// and safe blocks; rd.evm stays nil if anything is off.
func (r *Relayer) bindEVM(ctx context.Context, rd *round) error {
	addr := common.HexToAddress(rd.params.ContractAddress)
	if r.cfg.Contract != (common.Address{}) && r.cfg.Contract != addr {
		return fmt.Errorf("evm.contract %s differs from the chain's bridge param contract_address %s: acting on neither", r.cfg.Contract.Hex(), addr.Hex())
	}
	if r.evmChainID == 0 {
		id, err := r.dialer.ChainID(ctx)
		if err != nil {
			return fmt.Errorf("EVM chain id: %w", err)
		}
		r.evmChainID = id
	}
	if r.evmChainID != rd.params.EvmChainId {
		return fmt.Errorf("the EVM node is on chain %d, the chain's bridge param evm_chain_id is %d", r.evmChainID, rd.params.EvmChainId)
	}
	if r.evm == nil || r.evm.Address() != addr {
		r.evm = r.dialer.Bind(addr)
	}
	e := r.evm
	id, ok := r.contractID[addr]
	if !ok {
		var err error
		if id, err = e.BridgeID(ctx); err != nil {
			return fmt.Errorf("contract %s (not deployed yet?): %w", addr.Hex(), err)
		}
		if id != rd.signID {
			return fmt.Errorf("contract %s has bridgeId %s, the chain signs for %s (another EVM chain, contract or bridge name)", addr.Hex(), id.Hex(), rd.signID.Hex())
		}
		r.contractID[addr] = id
	}
	head, err := e.HeadBlock(ctx)
	if err != nil {
		return err
	}
	safe := uint64(0)
	if r.cfg.Finalized {
		if safe, err = e.FinalizedBlock(ctx); err != nil {
			return err
		}
	} else if head > r.cfg.Confirmations {
		safe = head - r.cfg.Confirmations
	}
	safeHeader, err := e.Header(ctx, safe)
	if err != nil {
		return err
	}
	// Deposits remembered above the safe block (a reorg deeper than the
	// depth, or a finalized block that went back) are dropped.
	r.finder.forgetAbove(safe)
	r.m.EvmHeadBlock.Set(float64(head))
	r.m.EvmSafeBlock.Set(float64(safe))
	rd.evm, rd.head, rd.safe, rd.safeTime, rd.contractID = e, head, safe, safeHeader.Time, id
	return nil
}

// holds reports whether the relayer holds one of keys (0x hex).
func (r *Relayer) holds(keys []string) bool {
	for _, k := range keys {
		if _, ok := r.keys[common.HexToAddress(k)]; ok {
			return true
		}
	}
	return false
}

// checkRegistration tells the operator when the chain does not have the
// relayer's EVM key or delegate account for the validator: the operator
// registers them (sessiond tx bridge register-evm-key, with the operator
// key, which the relayer never holds).
func (r *Relayer) checkRegistration(rd *round) {
	switch {
	case rd.registered:
		r.notice("registration", "")
	case rd.pending.EvmAddress == "":
		r.notice("registration", "the validator has no EVM key on the chain: register it with sessiond tx bridge register-evm-key --delegate "+r.cfg.Account,
			"validator", r.cfg.Valoper, "evm_address", r.evmAddr.Hex())
	case rd.pending.Delegate != r.cfg.Account:
		r.notice("registration", "the chain names another delegate for the validator: this relayer's account sends nothing until the operator registers it",
			"validator", r.cfg.Valoper, "delegate", rd.pending.Delegate, "account", r.cfg.Account)
	default:
		r.notice("registration", "the chain has another EVM key for the validator: register this relayer's key, or configure the registered one",
			"validator", r.cfg.Valoper, "chain_key", rd.pending.EvmAddress, "evm_address", r.evmAddr.Hex())
	}
}
