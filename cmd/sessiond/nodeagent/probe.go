package nodeagent

import (
	"context"
	"net"
	"strconv"
	"time"

	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// Prober tests whether a node serves at its registered endpoint.
type Prober interface {
	Reachable(ctx context.Context, e types.NodeEndpoint) bool
}

// TCPProber opens a TCP connection to a node's storage port. The QUIC port
// is UDP, which answers nothing to a probe that does not speak the
// protocol, so it is not tested.
type TCPProber struct {
	// Timeout bounds one connection attempt.
	Timeout time.Duration
	// AddressMap maps a registered IP to the address to dial instead.
	AddressMap map[string]string
}

// Reachable reports whether the storage port accepted a connection.
func (p TCPProber) Reachable(ctx context.Context, e types.NodeEndpoint) bool {
	ip := e.PublicIp
	if to, ok := p.AddressMap[ip]; ok {
		ip = to
	}
	d := net.Dialer{Timeout: p.Timeout}
	conn, err := d.DialContext(ctx, "tcp", net.JoinHostPort(ip, strconv.FormatUint(uint64(e.StoragePort), 10)))
	if err != nil {
		return false
	}
	_ = conn.Close()
	return true
}
