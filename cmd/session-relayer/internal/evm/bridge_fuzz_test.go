package evm_test

import (
	"bytes"
	"fmt"
	"math/big"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	ethtypes "github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/stretchr/testify/require"

	"github.com/sessiontoken/sessionchain/cmd/session-relayer/internal/evm"
)

// depositTopic is keccak256 of the Deposit event's signature, written out
// here rather than taken from the bindings.
var depositTopic = crypto.Keccak256Hash([]byte("Deposit(uint256,address,string,uint256)"))

// word is x as one 32-byte ABI word.
func word(x *big.Int) []byte { return common.BigToHash(x).Bytes() }

// depositLog encodes a Deposit log by hand, as the contract emits it:
// topics event, nonce, sender; data the offset of the string (0x40), the
// amount, the string's length and its bytes padded with zeros to whole words.
func depositLog(nonce uint64, sender common.Address, recipient string, amount *big.Int) *ethtypes.Log {
	data := word(big.NewInt(0x40))
	data = append(data, word(amount)...)
	data = append(data, word(big.NewInt(int64(len(recipient))))...)
	data = append(data, recipient...)
	data = append(data, make([]byte, (32-len(recipient)%32)%32)...)
	return &ethtypes.Log{
		Topics:      []common.Hash{depositTopic, common.BigToHash(new(big.Int).SetUint64(nonce)), common.BytesToHash(sender.Bytes())},
		Data:        data,
		BlockNumber: 77,
		TxHash:      common.HexToHash("0xabc"),
	}
}

// FuzzDecodeDeposit checks the decoding of the contract's Deposit logs: a
// log encoded by hand as the contract emits it decodes to the deposit it
// encodes (encode → decode round trip); arbitrary topics and data never
// panic and are taken only when they are exactly such an encoding; and a
// deposit's log with one bit changed anywhere is refused or decodes to
// another deposit, never silently to the same one.
func FuzzDecodeDeposit(f *testing.F) {
	sender := common.HexToAddress("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed").Bytes()
	good := depositLog(1, common.BytesToAddress(sender), "session1abc", big.NewInt(5))
	flat := func(l *ethtypes.Log) []byte {
		var bz []byte
		for _, t := range l.Topics {
			bz = append(bz, t.Bytes()...)
		}
		return bz
	}
	f.Add(uint64(1), sender, "session1abc", []byte{5}, flat(good), good.Data, uint16(0))
	f.Add(uint64(0), []byte{}, "", []byte{}, flat(good), []byte{}, uint16(1))
	f.Add(^uint64(0), bytes.Repeat([]byte{0xff}, 20), strings.Repeat("r", 128), bytes.Repeat([]byte{0xff}, 32), flat(good)[:64], good.Data, uint16(700))
	f.Add(uint64(3), sender, "\xff\x00", []byte{1, 0}, []byte{}, []byte{}, uint16(65535))
	f.Add(uint64(3), sender, strings.Repeat("x", 32), []byte{1}, append(flat(good), make([]byte, 32)...), append(bytes.Clone(good.Data), 0), uint16(96))
	f.Fuzz(func(t *testing.T, nonce uint64, senderBytes []byte, recipient string, amountBytes, topicBytes, data []byte, flip uint16) {
		sender := common.BytesToAddress(senderBytes)
		amount := new(big.Int).SetBytes(amountBytes[max(0, len(amountBytes)-32):])
		want := evm.Deposit{Nonce: nonce, Sender: sender, Recipient: recipient, Amount: amount, Block: 77, TxHash: common.HexToHash("0xabc")}

		// Encode → decode.
		log := depositLog(nonce, sender, recipient, amount)
		got, err := evm.DecodeDeposit(log)
		require.NoError(t, err)
		require.Equal(t, want.Nonce, got.Nonce)
		require.Equal(t, want.Sender, got.Sender)
		require.Equal(t, want.Recipient, got.Recipient)
		require.Zero(t, want.Amount.Cmp(got.Amount), "amount %s, want %s", got.Amount, want.Amount)
		require.Equal(t, want.Block, got.Block)
		require.Equal(t, want.TxHash, got.TxHash)

		// One bit changed.
		topicBits := 8 * 32 * len(log.Topics)
		bit := int(flip) % (topicBits + 8*len(log.Data))
		changed := &ethtypes.Log{Topics: append([]common.Hash(nil), log.Topics...), Data: bytes.Clone(log.Data)}
		if bit < topicBits {
			changed.Topics[bit/256][bit%256/8] ^= 1 << (bit % 8)
		} else {
			bit -= topicBits
			changed.Data[bit/8] ^= 1 << (bit % 8)
		}
		if d, err := evm.DecodeDeposit(changed); err == nil {
			same := d.Nonce == got.Nonce && d.Sender == got.Sender && d.Recipient == got.Recipient && d.Amount.Cmp(got.Amount) == 0
			require.False(t, same, "a changed log decodes to the same deposit %+v", d)
		}

		// Arbitrary topics and data.
		arbitrary := &ethtypes.Log{Data: data}
		for i := 0; i+32 <= len(topicBytes) && len(arbitrary.Topics) < 5; i += 32 {
			arbitrary.Topics = append(arbitrary.Topics, common.BytesToHash(topicBytes[i:i+32]))
		}
		d, err := evm.DecodeDeposit(arbitrary)
		if err != nil {
			require.Equal(t, evm.Deposit{}, d)
			return
		}
		canonical := depositLog(d.Nonce, d.Sender, d.Recipient, d.Amount)
		require.Equal(t, canonical.Topics, arbitrary.Topics, "took topics the contract does not emit")
		require.Equal(t, canonical.Data, arbitrary.Data, "took data the contract does not emit")
	})
}

// revertData is a custom error's selector and its arguments as ABI words.
func revertData(signature string, args ...*big.Int) []byte {
	data := crypto.Keccak256([]byte(signature))[:4]
	for _, a := range args {
		data = append(data, word(a)...)
	}
	return data
}

// FuzzDescribeRevert checks the naming of revert data: arbitrary bytes never
// panic; fewer than 4 bytes are "empty revert data"; an encoded custom error
// of the contract is named with its arguments; anything else is named by its
// selector.
func FuzzDescribeRevert(f *testing.F) {
	f.Add([]byte{}, uint8(0), []byte{5}, []byte{1})
	f.Add([]byte{0x08, 0xc3, 0x79, 0xa0}, uint8(1), []byte{}, bytes.Repeat([]byte{0xff}, 32))
	f.Add(revertData("WithdrawalCapExceeded(uint256,uint256)", big.NewInt(5), big.NewInt(1)), uint8(2), bytes.Repeat([]byte{0xff}, 40), []byte{})
	f.Add(revertData("AlreadyWithdrawn(uint64)", big.NewInt(7)), uint8(3), []byte{7}, []byte{})
	f.Add(revertData("AlreadyWithdrawn(uint64)", new(big.Int).Lsh(big.NewInt(1), 64)), uint8(4), []byte{}, []byte{})
	b := evm.NewBridge(nil, common.Address{1}, nil, nil, evm.Options{})
	f.Fuzz(func(t *testing.T, data []byte, which uint8, x, y []byte) {
		got := b.DescribeRevert(data)
		switch {
		case len(data) < 4:
			require.Equal(t, "empty revert data", got)
		case !strings.HasPrefix(got, "unknown error "):
			require.NotEmpty(t, got)
		default:
			require.Equal(t, "unknown error "+hexutil.Encode(data[:4]), got)
		}

		a := new(big.Int).SetBytes(x[max(0, len(x)-32):])
		c := new(big.Int).SetBytes(y[max(0, len(y)-32):])
		var data2 []byte
		var want string
		switch which % 4 {
		case 0:
			data2, want = revertData("WithdrawalCapExceeded(uint256,uint256)", a, c), fmt.Sprintf("WithdrawalCapExceeded{Requested:%s Available:%s}", a, c)
		case 1:
			data2, want = revertData("InsufficientPower(uint256,uint256)", a, c), fmt.Sprintf("InsufficientPower{Signed:%s Total:%s}", a, c)
		case 2:
			n := new(big.Int).SetUint64(a.Uint64())
			data2, want = revertData("AlreadyWithdrawn(uint64)", n), fmt.Sprintf("AlreadyWithdrawn{TransferId:%s}", n)
		default:
			data2, want = revertData("ZeroAmount()"), "ZeroAmount{}"
		}
		require.Equal(t, want, b.DescribeRevert(data2))
	})
}
