package types

// RegistrationDomain separates node registration signatures from anything
// else a node key signs.
const RegistrationDomain = "session-node-registration"

// RegistrationSignBytes returns the bytes a node's Ed25519 key signs to
// prove that operator controls it: the deterministic protobuf encoding of
// RegistrationSignDoc. The chain id keeps a signature from being replayed
// on another chain; operator, fee and reserved spots from being reused for
// other terms.
func RegistrationSignBytes(chainID, operator string, feeBps uint32, reserved []ReservedSpot) ([]byte, error) {
	doc := RegistrationSignDoc{
		Domain:   RegistrationDomain,
		ChainId:  chainID,
		Operator: operator,
		FeeBps:   feeBps,
		Reserved: reserved,
	}
	return doc.Marshal()
}

// VerifyRegistration reports whether sig is pubkey's signature over the
// registration terms.
func VerifyRegistration(pubkey, sig []byte, chainID, operator string, feeBps uint32, reserved []ReservedSpot) bool {
	msg, err := RegistrationSignBytes(chainID, operator, feeBps, reserved)
	return err == nil && VerifyNodeSignature(pubkey, msg, sig)
}

// RotationDomain separates key rotation signatures from anything else a
// node key signs.
const RotationDomain = "session-node-key-rotation"

// RotationSignBytes returns the bytes a node's new signing key signs to
// prove operator holds it (MsgRotateNodeKey): the deterministic protobuf
// encoding of RotationSignDoc. The chain id, the node, the operator and the
// node's rotation count so far keep a signature from being replayed on
// another chain, for another node or operator, or for a later rotation.
func RotationSignBytes(chainID, nodeID, newKey, operator string, rotations uint64) ([]byte, error) {
	doc := RotationSignDoc{
		Domain:    RotationDomain,
		ChainId:   chainID,
		Node:      nodeID,
		NewKey:    newKey,
		Operator:  operator,
		Rotations: rotations,
	}
	return doc.Marshal()
}
