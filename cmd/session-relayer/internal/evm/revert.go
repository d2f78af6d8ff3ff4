package evm

import (
	"errors"
	"fmt"
	"reflect"
	"strings"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/rpc"
)

// RevertError is a transaction the contract refused: at gas estimation
// (nothing was sent) or in a block (TxHash set).
type RevertError struct {
	TxHash common.Hash
	// Block is the block the transaction reverted in (0 at estimation).
	Block uint64
	// Reason is the decoded custom error, e.g. "WithdrawalCapExceeded{Requested:5 Remaining:1}".
	Reason string
	// Data is the raw revert data, if the node returned it.
	Data []byte
}

func (e *RevertError) Error() string {
	if e.TxHash != (common.Hash{}) {
		return fmt.Sprintf("tx %s reverted: %s", e.TxHash, e.Reason)
	}
	return "reverted: " + e.Reason
}

// decodeRevert turns an estimation error carrying revert data into a
// *RevertError with the contract's custom error decoded; other errors pass.
func (b *Bridge) decodeRevert(err error) error {
	var de rpc.DataError
	if !errors.As(err, &de) {
		return err
	}
	s, ok := de.ErrorData().(string)
	if !ok {
		return err
	}
	data, decErr := hexutil.Decode(s)
	if decErr != nil || len(data) < 4 {
		return &RevertError{Reason: de.Error()}
	}
	return &RevertError{Reason: b.DescribeRevert(data), Data: data}
}

// DescribeRevert names a SessionBridge custom error and its arguments.
func (b *Bridge) DescribeRevert(data []byte) string {
	if len(data) < 4 {
		return "empty revert data"
	}
	v, err := b.abi.UnpackError(data)
	if err != nil || v == nil {
		return fmt.Sprintf("unknown error %s", hexutil.Encode(data[:4]))
	}
	// Field by field: %+v would also write *big.Int arguments with a sign,
	// "+5".
	ev := reflect.ValueOf(v).Elem()
	fields := make([]string, ev.NumField())
	for i := range fields {
		fields[i] = fmt.Sprintf("%s:%v", ev.Type().Field(i).Name, ev.Field(i).Interface())
	}
	name := strings.TrimPrefix(ev.Type().Name(), "SessionBridge")
	return fmt.Sprintf("%s{%s}", name, strings.Join(fields, " "))
}
