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
