package keeper

import (
	"context"

	"cosmossdk.io/collections"

	"github.com/sessiontoken/sessionchain/x/names/types"
)

// oneRead keeps several indexes of the records as one. collections'
// IndexedMap gives each index its own lazy read of the old value, so a
// record's Set or Remove with three indexes read the record three times
// (gas and a decode each); oneRead reads it once and hands the same value
// to every index. Justified by BenchmarkFinalizeBlock/msg=MsgRegisterName
// and msg=MsgBuyName (tests/bench, docs/performance.md "x/names"); tested
// against indexes kept one by one in one_read_test.go.
type oneRead []collections.Index[[]byte, types.NameRecord]

// once returns lazy's result, calling it at most once.
func once(lazy func() (types.NameRecord, error)) func() (types.NameRecord, error) {
	var (
		rec  types.NameRecord
		err  error
		done bool
	)
	return func() (types.NameRecord, error) {
		if !done {
			rec, err = lazy()
			done = true
		}
		return rec, err
	}
}

// Reference implements collections.Index.
func (o oneRead) Reference(ctx context.Context, pk []byte, rec types.NameRecord, lazyOld func() (types.NameRecord, error)) error {
	old := once(lazyOld)
	for _, idx := range o {
		if err := idx.Reference(ctx, pk, rec, old); err != nil {
			return err
		}
	}
	return nil
}

// Unreference implements collections.Index.
func (o oneRead) Unreference(ctx context.Context, pk []byte, lazyOld func() (types.NameRecord, error)) error {
	old := once(lazyOld)
	for _, idx := range o {
		if err := idx.Unreference(ctx, pk, old); err != nil {
			return err
		}
	}
	return nil
}
