package types

import (
	"encoding/hex"

	errorsmod "cosmossdk.io/errors"
)

// A node's registration key is its ID for good: every record of the node is
// keyed by it. MsgRotateNodeKey gives the node another key to sign with
// (Node.signing_key); from then on its uptime proofs, seed proofs and votes
// are verified against that key, and the messages still name the node by
// its ID.

// CurrentKey returns the hex key the node signs with now: its signing key
// once it rotated, else its ID.
func (n Node) CurrentKey() string {
	if n.SigningKey != "" {
		return n.SigningKey
	}
	return n.Pubkey
}

// CurrentKeyBytes returns the key the node signs with now. A node's keys are
// stored as checked lowercase hex, so the decoding fails only on a corrupt
// store, and then verification with the empty key fails too.
func (n Node) CurrentKeyBytes() []byte {
	bz, err := hex.DecodeString(n.CurrentKey())
	if err != nil {
		return nil
	}
	return bz
}

// MayRotateKey reports whether a node in this status may rotate its key:
// any node that still signs something (awaiting nodes will, serving and
// unlocking nodes prove and vote, decommissioned nodes prove to come back),
// not a deregistered one, which signs nothing until its stakes return.
func (s NodeStatus) MayRotateKey() bool {
	switch s {
	case NODE_STATUS_AWAITING, NODE_STATUS_ACTIVE, NODE_STATUS_UNLOCKING, NODE_STATUS_DECOMMISSIONED:
		return true
	default:
		return false
	}
}

// validateSigningKeys checks the key rotation fields of the genesis nodes:
// a signing key is lowercase hex, used by no other node, as ID or signing
// key (seen holds the node IDs and gains the signing keys; the used keys
// are checked against it after), and set exactly when the node rotated,
// with the time of its last rotation.
func (gs GenesisState) validateSigningKeys(seen map[string]bool) error {
	for _, rec := range gs.Nodes {
		n := rec.Node
		if (n.SigningKey != "") != (n.KeyRotations > 0) || (n.KeyRotatedAt != nil) != (n.KeyRotations > 0) {
			return errorsmod.Wrapf(ErrInvalidGenesis, "node %s: signing key %q, key_rotated_at and %d key rotations: all set or none",
				n.Pubkey, n.SigningKey, n.KeyRotations)
		}
		if n.SigningKey == "" {
			continue
		}
		if canonical, err := ParsePubkeyHex(n.SigningKey); err != nil || canonical != n.SigningKey || seen[n.SigningKey] {
			return errorsmod.Wrapf(ErrInvalidGenesis, "node %s: signing key %q invalid, not lowercase, or used by another node",
				n.Pubkey, n.SigningKey)
		}
		seen[n.SigningKey] = true
	}
	return nil
}
