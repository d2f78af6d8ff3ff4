package proproof

import (
	"bytes"
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
)

// Endpoints, relative to the issuer's base URL; every request is a POST of a
// JSON object.
const (
	EndpointGenerateProof = "generate_pro_proof"
	EndpointGetProStatus  = "get_pro_status"
	EndpointRevocations   = "get_pro_revocations"
)

// GenerateProofRequest asks for a proof for a rotating key (wire spec
// §3.1). Both the master and the rotating key sign GenerateProofMessage.
type GenerateProofRequest struct {
	MasterPkey   Key   `json:"master_pkey"`
	MasterSig    Sig   `json:"master_sig"`
	RotatingPkey Key   `json:"rotating_pkey"`
	RotatingSig  Sig   `json:"rotating_sig"`
	Ts           int64 `json:"ts"`
}

// NewGenerateProofRequest builds and signs a request at ts (Unix seconds).
func NewGenerateProofRequest(master, rotating ed25519.PrivateKey, ts int64) GenerateProofRequest {
	var r GenerateProofRequest
	copy(r.MasterPkey[:], master.Public().(ed25519.PublicKey))
	copy(r.RotatingPkey[:], rotating.Public().(ed25519.PublicKey))
	r.Ts = ts
	msg := r.Message()
	copy(r.MasterSig[:], ed25519.Sign(master, msg))
	copy(r.RotatingSig[:], ed25519.Sign(rotating, msg))
	return r
}

// Message is what both keys sign.
func (r GenerateProofRequest) Message() []byte {
	return GenerateProofMessage(r.MasterPkey, r.RotatingPkey, r.Ts)
}

// VerifySignatures checks both signatures, the master key's first.
func (r GenerateProofRequest) VerifySignatures() error {
	msg := r.Message()
	if !Verify(r.MasterPkey[:], msg, r.MasterSig[:]) {
		return errors.New("the master key's signature does not verify")
	}
	if !Verify(r.RotatingPkey[:], msg, r.RotatingSig[:]) {
		return errors.New("the rotating key's signature does not verify")
	}
	return nil
}

// ProStatusRequest asks for an account's Pro status (wire spec §3.2).
type ProStatusRequest struct {
	MasterPkey Key   `json:"master_pkey"`
	MasterSig  Sig   `json:"master_sig"`
	Ts         int64 `json:"ts"`
}

// NewProStatusRequest builds and signs a request at ts (Unix seconds).
func NewProStatusRequest(master ed25519.PrivateKey, ts int64) ProStatusRequest {
	var r ProStatusRequest
	copy(r.MasterPkey[:], master.Public().(ed25519.PublicKey))
	r.Ts = ts
	copy(r.MasterSig[:], ed25519.Sign(master, r.Message()))
	return r
}

// Message is what the master key signs.
func (r ProStatusRequest) Message() []byte { return ProStatusMessage(r.MasterPkey, r.Ts) }

// VerifySignature checks the master key's signature.
func (r ProStatusRequest) VerifySignature() error {
	if !Verify(r.MasterPkey[:], r.Message(), r.MasterSig[:]) {
		return errors.New("the master key's signature does not verify")
	}
	return nil
}

// RevocationsRequest polls the revocation list with the last ticket seen.
type RevocationsRequest struct {
	Ticket int64 `json:"ticket"`
}

// fields reads a request body as the backend does: a JSON object whose
// required fields have the right type; the first bad one is reported.
type fields map[string]json.RawMessage

func parseObject(body []byte) (fields, error) {
	dec := json.NewDecoder(bytes.NewReader(body))
	var f fields
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("the body is not a JSON object: %w", err)
	}
	if f == nil {
		return nil, errors.New("the body is not a JSON object")
	}
	if dec.More() {
		return nil, errors.New("the body holds more than one JSON value")
	}
	return f, nil
}

// hex reads a hex field (a Key or a Sig).
func (f fields) hex(name string, dst json.Unmarshaler) error {
	raw, ok := f[name]
	if !ok {
		return fmt.Errorf("%s is missing", name)
	}
	if err := dst.UnmarshalJSON(raw); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}

// int reads an integer: a JSON number without fraction or exponent that
// fits in 64 bits.
func (f fields) int(name string, dst *int64) error {
	raw, ok := f[name]
	if !ok {
		return fmt.Errorf("%s is missing", name)
	}
	v, err := strconv.ParseInt(string(bytes.TrimSpace(raw)), 10, 64)
	if err != nil {
		return fmt.Errorf("%s: want an integer, got %s", name, raw)
	}
	*dst = v
	return nil
}

// ParseGenerateProofRequest reads a generate_pro_proof body.
func ParseGenerateProofRequest(body []byte) (GenerateProofRequest, error) {
	var r GenerateProofRequest
	f, err := parseObject(body)
	if err != nil {
		return r, err
	}
	return r, firstErr(
		f.hex("master_pkey", &r.MasterPkey),
		f.hex("rotating_pkey", &r.RotatingPkey),
		f.int("ts", &r.Ts),
		f.hex("master_sig", &r.MasterSig),
		f.hex("rotating_sig", &r.RotatingSig),
	)
}

// ParseProStatusRequest reads a get_pro_status body.
func ParseProStatusRequest(body []byte) (ProStatusRequest, error) {
	var r ProStatusRequest
	f, err := parseObject(body)
	if err != nil {
		return r, err
	}
	return r, firstErr(
		f.hex("master_pkey", &r.MasterPkey),
		f.hex("master_sig", &r.MasterSig),
		f.int("ts", &r.Ts),
	)
}

// ParseRevocationsRequest reads a get_pro_revocations body.
func ParseRevocationsRequest(body []byte) (RevocationsRequest, error) {
	var r RevocationsRequest
	f, err := parseObject(body)
	if err != nil {
		return r, err
	}
	return r, f.int("ticket", &r.Ticket)
}

func firstErr(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
