package typedevent_test

import (
	"math/rand/v2"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/runtime/protoiface"

	"cosmossdk.io/core/event"
	"cosmossdk.io/math"
	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"

	"github.com/cosmos/cosmos-sdk/runtime"
	"github.com/cosmos/cosmos-sdk/testutil"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/gogoproto/proto"

	bridgetypes "github.com/sessiontoken/sessionchain/x/bridge/types"
	"github.com/sessiontoken/sessionchain/x/internal/typedevent"
	namestypes "github.com/sessiontoken/sessionchain/x/names/types"
	nodestakingtypes "github.com/sessiontoken/sessionchain/x/nodestaking/types"
	protypes "github.com/sessiontoken/sessionchain/x/pro/types"
	rewardpooltypes "github.com/sessiontoken/sessionchain/x/rewardpool/types"
)

// sessionEvents returns a new value of every event type the chain's modules
// declare: the messages named Event* in the sessionchain proto packages.
func sessionEvents(t *testing.T) map[string]reflect.Type {
	t.Helper()
	events := map[string]reflect.Type{}
	proto.HybridResolver.RangeFiles(func(fd protoreflect.FileDescriptor) bool {
		if !strings.HasPrefix(string(fd.Package()), "sessionchain.") {
			return true
		}
		msgs := fd.Messages()
		for i := range msgs.Len() {
			name := string(msgs.Get(i).FullName())
			if !strings.HasPrefix(string(msgs.Get(i).Name()), "Event") {
				continue
			}
			typ := proto.MessageType(name)
			require.NotNil(t, typ, "no Go type registered for %s", name)
			events[name] = typ
		}
		return true
	})
	return events
}

// fill sets every scalar field of the struct v points to at random; each
// value is drawn from the cases that stress the encoding.
func fill(r *rand.Rand, v reflect.Value) {
	s := v.Elem()
	for i := range s.NumField() {
		f := s.Field(i)
		if !f.CanSet() || strings.HasPrefix(s.Type().Field(i).Name, "XXX_") {
			continue
		}
		switch f.Type() {
		case reflect.TypeFor[time.Time]():
			f.Set(reflect.ValueOf(randomTime(r)))
			continue
		case reflect.TypeFor[math.Int]():
			f.Set(reflect.ValueOf(randomInt(r)))
			continue
		case reflect.TypeFor[math.LegacyDec]():
			f.Set(reflect.ValueOf(randomDec(r)))
			continue
		}
		switch f.Kind() {
		case reflect.Struct:
			fill(r, f.Addr()) // a non-nullable message
		case reflect.String:
			f.SetString(randomString(r))
		case reflect.Bool:
			f.SetBool(r.IntN(2) == 1)
		case reflect.Int32, reflect.Int64:
			f.SetInt(int64(r.Uint64()) >> r.IntN(64)) //nolint:gosec // any bit pattern will do; int32 fields keep the low bits
		case reflect.Uint32, reflect.Uint64:
			f.SetUint(r.Uint64() >> r.IntN(64))
		default:
			// Nullable messages and lists stay empty: such events go the
			// SDK's way.
		}
	}
}

func randomString(r *rand.Rand) string {
	pieces := []string{
		"", "session1qypqxpq9qcrsszg2pvxq6rs0zqg3yyc5lzv7xu", "0a1b2c3d", "hello world",
		`quote " and \ backslash`, "<html>&amp;", "tab\tnew\nline\r", "\x00\x01\x1f", "é ü 世界 🙂",
		"\u2028\u2029", "\xff\xfe invalid utf-8", "\x7f",
	}
	var b strings.Builder
	for range r.IntN(4) {
		b.WriteString(pieces[r.IntN(len(pieces))])
	}
	return b.String()
}

func randomInt(r *rand.Rand) math.Int {
	switch r.IntN(4) {
	case 0:
		return math.Int{} // nil
	case 1:
		return math.ZeroInt()
	case 2:
		return math.NewIntFromUint64(r.Uint64()).Mul(math.NewIntFromUint64(r.Uint64()))
	default:
		return math.NewInt(-r.Int64())
	}
}

func randomDec(r *rand.Rand) math.LegacyDec {
	switch r.IntN(3) {
	case 0:
		return math.LegacyDec{} // nil
	case 1:
		return math.LegacyNewDecWithPrec(r.Int64(), int64(r.IntN(18)))
	default:
		return math.LegacyNewDecWithPrec(-r.Int64N(1e12), 6)
	}
}

func randomTime(r *rand.Rand) time.Time {
	switch r.IntN(5) {
	case 0:
		return time.Time{} // year 1: the earliest jsonpb encodes
	case 1:
		return time.Unix(r.Int64N(253402300800), 0)
	case 2:
		return time.Unix(r.Int64N(4e9), int64(r.IntN(1e9))).In(time.FixedZone("X", 3600))
	case 3:
		return time.Unix(r.Int64N(4e9), int64(r.IntN(1000))*1e6)
	default:
		return time.Unix(r.Int64N(4e9), int64(r.IntN(1000))*1e3)
	}
}

// TestAttributesMatchTheSDK checks the promise the package makes: every
// event of the chain's modules, filled at random, gets from Attributes the
// type and attributes sdk.TypedEventToEvent gives it, or goes the SDK's way.
func TestAttributesMatchTheSDK(t *testing.T) {
	events := sessionEvents(t)
	require.Greater(t, len(events), 30, "the modules' events should all be registered")
	// Each module's events are here only if this test links its types
	// package: every module with an events.proto must have some.
	packages := map[string]bool{}
	for name := range events {
		packages[name[:strings.LastIndex(name, ".")]] = true
	}
	files, err := filepath.Glob("../../../proto/sessionchain/*/v1/events.proto")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, f := range files {
		pkg := "sessionchain." + filepath.Base(filepath.Dir(filepath.Dir(f))) + ".v1"
		require.True(t, packages[pkg], "no events of %s: import its types package in this test", pkg)
	}
	r := rand.New(rand.NewPCG(1, 2)) //nolint:gosec // a fixed seed, for reproducible cases
	fast := map[string]bool{}
	for name, typ := range events {
		for range 200 {
			v := reflect.New(typ.Elem())
			fill(r, v)
			ev := v.Interface().(proto.Message) //nolint:forcetypeassert // a registered message type
			want, err := sdk.TypedEventToEvent(ev)
			require.NoError(t, err, "%s: %v", name, ev)
			gotName, attrs, ok := typedevent.Attributes(ev)
			if !ok {
				continue
			}
			fast[name] = true
			require.Equal(t, want.Type, gotName)
			require.Len(t, attrs, len(want.Attributes), "%s: %v", name, ev)
			for i, a := range want.Attributes {
				require.Equal(t, a.Key, attrs[i].Key, "%s", name)
				require.Equal(t, a.Value, attrs[i].Value, "%s.%s of %v", name, a.Key, ev)
			}
		}
	}
	// The events of the transactions nodes run most take the fast path.
	for _, ev := range []proto.Message{
		&protypes.EventSubscribed{}, &protypes.EventPriceSubmitted{}, &rewardpooltypes.EventPoolFunded{},
		&rewardpooltypes.EventRewardsEmitted{}, &nodestakingtypes.EventRewardsClaimed{},
		&nodestakingtypes.EventContributed{}, &nodestakingtypes.EventUptimeProof{},
		&bridgetypes.EventDepositAttested{}, &bridgetypes.EventBatchSigned{},
		&bridgetypes.EventDepositObserved{}, // a non-nullable message of scalars
		&namestypes.EventNameRegistered{}, &namestypes.EventNameRenewed{}, &namestypes.EventNameUpdated{},
		&namestypes.EventNameTransferred{}, &namestypes.EventNameListed{}, &namestypes.EventListingCancelled{},
		&namestypes.EventNameSold{}, &namestypes.EventNameRemoved{},
	} {
		require.True(t, fast[proto.MessageName(ev)], "%s should take the fast path", proto.MessageName(ev))
	}
	// An event with a message field that holds an enum goes the SDK's way.
	require.False(t, fast[proto.MessageName(&bridgetypes.EventTransferQueued{})])
}

// emitted returns what emitting ev through svc leaves in a fresh context.
func emitted(t *testing.T, svc event.Service, ev protoiface.MessageV1) (sdk.Events, error) {
	t.Helper()
	key := storetypes.NewKVStoreKey("test")
	ctx := testutil.DefaultContext(key, storetypes.NewTransientStoreKey("t_test"))
	err := svc.EventManager(ctx).Emit(ctx, ev)
	return ctx.EventManager().Events(), err
}

// TestServiceEmitsWhatTheSDKEmits drives the wrapped runtime event service:
// the fast path, the fallback for an event with a nested message, and a time
// jsonpb refuses, which fails the same way.
func TestServiceEmitsWhatTheSDKEmits(t *testing.T) {
	sdkSvc := runtime.EventService{}
	fastSvc := typedevent.Wrap(sdkSvc)
	require.Equal(t, fastSvc, typedevent.Wrap(fastSvc), "wrapping twice changes nothing")

	for _, ev := range []protoiface.MessageV1{
		&protypes.EventSubscribed{
			SessionPubkey: strings.Repeat("ab", 32), Payer: "session1payer", PlanId: 3, Amount: math.NewInt(1000),
			ToPool: math.NewInt(900), ToLiquidity: math.NewInt(100), Expiry: time.Unix(1_800_000_000, 5e8),
		},
		&bridgetypes.EventTransferQueued{Transfer: bridgetypes.Transfer{Id: 7, Amount: math.NewInt(5)}},
	} {
		want, err := emitted(t, sdkSvc, ev)
		require.NoError(t, err)
		got, err := emitted(t, fastSvc, ev)
		require.NoError(t, err)
		require.Equal(t, want, got)
		parsed, err := sdk.ParseTypedEvent(abci.Event(got[0]))
		require.NoError(t, err)
		require.Equal(t, ev.String(), parsed.String())
	}

	outOfRange := &protypes.EventPaymentRevoked{ReceiptId: "r", Expiry: time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)}
	_, _, ok := typedevent.Attributes(outOfRange)
	require.False(t, ok)
	_, wantErr := emitted(t, sdkSvc, outOfRange)
	require.Error(t, wantErr)
	_, err := emitted(t, fastSvc, outOfRange)
	require.Error(t, err)
}

// BenchmarkEmit compares the SDK's encoding of a purchase's event with this
// package's.
func BenchmarkEmit(b *testing.B) {
	ev := &protypes.EventSubscribed{
		SessionPubkey: strings.Repeat("ab", 32), Payer: "session1qypqxpq9qcrsszg2pvxq6rs0zqg3yyc5lzv7xu", PlanId: 1,
		Amount: math.NewInt(123_456_789_000), ToPool: math.NewInt(111_111_110_100), ToLiquidity: math.NewInt(12_345_678_900),
		Expiry: time.Unix(1_800_000_000, 0),
	}
	for _, tc := range []struct {
		name string
		svc  event.Service
	}{{"sdk", runtime.EventService{}}, {"typedevent", typedevent.Wrap(runtime.EventService{})}} {
		b.Run(tc.name, func(b *testing.B) {
			key := storetypes.NewKVStoreKey("bench")
			ctx := testutil.DefaultContext(key, storetypes.NewTransientStoreKey("t_bench"))
			b.ReportAllocs()
			for b.Loop() {
				ctx = ctx.WithEventManager(sdk.NewEventManager())
				if err := tc.svc.EventManager(ctx).Emit(ctx, ev); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
