package types

import (
	"net/netip"

	errorsmod "cosmossdk.io/errors"
)

// MaxVersionLength bounds the version strings of an endpoint.
const MaxVersionLength = 32

// Validate checks that an endpoint can be reached from the internet: a
// public IP address, two ports, and two short printable versions.
func (e NodeEndpoint) Validate() error {
	addr, err := netip.ParseAddr(e.PublicIp)
	if err != nil || addr.Zone() != "" {
		return errorsmod.Wrapf(ErrInvalidEndpoint, "public_ip %q is not an IP address", e.PublicIp)
	}
	addr = addr.Unmap()
	if !addr.IsGlobalUnicast() || addr.IsPrivate() {
		return errorsmod.Wrapf(ErrInvalidEndpoint, "public_ip %s is not a public address", addr)
	}
	for _, port := range []struct {
		name string
		n    uint32
	}{{"storage_port", e.StoragePort}, {"quic_port", e.QuicPort}} {
		if port.n < 1 || port.n > 65535 {
			return errorsmod.Wrapf(ErrInvalidEndpoint, "%s must lie between 1 and 65535, got %d", port.name, port.n)
		}
	}
	for _, v := range []struct{ name, s string }{{"node_version", e.NodeVersion}, {"storage_version", e.StorageVersion}} {
		if err := validateVersion(v.name, v.s); err != nil {
			return err
		}
	}
	return nil
}

// validateVersion accepts 1 to MaxVersionLength characters of [0-9A-Za-z.+-].
func validateVersion(name, s string) error {
	if s == "" || len(s) > MaxVersionLength {
		return errorsmod.Wrapf(ErrInvalidEndpoint, "%s must have 1 to %d characters, got %d", name, MaxVersionLength, len(s))
	}
	for _, c := range s {
		ok := c == '.' || c == '-' || c == '+' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
		if !ok {
			return errorsmod.Wrapf(ErrInvalidEndpoint, "%s %q: only letters, digits and . + - are allowed", name, s)
		}
	}
	return nil
}
