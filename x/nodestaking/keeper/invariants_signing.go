package keeper

import (
	"context"
	"fmt"
)

// checkSigningKeys verifies the signing key index against the nodes:
// signing maps each rotated node's signing key to its ID, and the index
// holds exactly those entries, each key marked used.
func (k Keeper) checkSigningKeys(ctx context.Context, signing map[string]string) error {
	indexed := 0
	err := k.Staking.SigningKeys.Walk(ctx, nil, func(key, nodeID string) (bool, error) {
		indexed++
		if signing[key] != nodeID {
			return true, fmt.Errorf("nodestaking: signing key %s is indexed to node %s, which signs with another key", key, nodeID)
		}
		used, err := k.Staking.UsedPubkeys.Has(ctx, key)
		if err == nil && !used {
			err = fmt.Errorf("nodestaking: signing key %s of node %s is not marked used", key, nodeID)
		}
		return err != nil, err
	})
	if err != nil {
		return err
	}
	if indexed != len(signing) {
		return fmt.Errorf("nodestaking: %d nodes rotated their key, the signing key index holds %d", len(signing), indexed)
	}
	return nil
}
