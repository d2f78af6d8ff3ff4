package keeper_test

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/binary"
	"encoding/hex"
	"errors"
	goruntime "runtime"
	"testing"
	"time"

	"cosmossdk.io/collections"
	"cosmossdk.io/core/address"
	"cosmossdk.io/core/header"
	"cosmossdk.io/core/store"
	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/log/v2"
	"cosmossdk.io/math"

	cmtproto "github.com/cometbft/cometbft/proto/tendermint/types"
	dbm "github.com/cosmos/cosmos-db"

	addresscodec "github.com/cosmos/cosmos-sdk/codec/address"
	"github.com/cosmos/cosmos-sdk/runtime"
	sdkstore "github.com/cosmos/cosmos-sdk/store/v2"
	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"
	sdk "github.com/cosmos/cosmos-sdk/types"
	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"
	moduletestutil "github.com/cosmos/cosmos-sdk/types/module/testutil"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"

	"github.com/sessiontoken/sessionchain/x/internal/moduleutil"
	"github.com/sessiontoken/sessionchain/x/nodestaking/keeper"
	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// The benchmarks' chain: genesis at benchGenesisTime, the start of a
// testing period, a block every benchBlockTime, each releasing benchEmission
// nsesh to the module (about what a 40,000,000 SESH pool pays a 6-second
// block; not a round number, so the split leaves a carry).
var (
	benchChainID     = "sessionchain-bench"
	benchGenesisTime = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	benchBlockTime   = 6 * time.Second
	benchEmission    = math.NewInt(1_141_552_511)
)

// benchBlocksPerWindow is how many block times the benchmark blocks cycle
// through: those of the genesis testing period after genesis. In that hour
// the period's seed is already written (at genesis), no uptime proof is due
// yet (active nodes last proved an hour before genesis and time out 2 h 10
// min later), every node may send its next proof (the last is more than
// half an interval old) and no exit is due.
var benchBlocksPerWindow = int64(types.DefaultTestingPeriod/benchBlockTime) - 1

// benchProofBlock is the block the benchmarks' uptime proofs name, and
// benchAppHash its app hash.
const benchProofBlock int64 = 1

var benchAppHash = bytes.Repeat([]byte{0xab}, types.AppHashSize)

// The first byte of a benchmark address says whose it is.
const (
	benchOperatorKind byte = 1
	benchClaimantKind byte = 2
	benchPoolKind     byte = 3
)

// benchAddr returns the i-th address of a kind.
func benchAddr(kind byte, i int) sdk.AccAddress {
	addr := make([]byte, 20)
	addr[0] = kind
	binary.BigEndian.PutUint64(addr[12:], uint64(i))
	return addr
}

// benchPubkey returns the i-th node key, in lowercase hex as the state
// names nodes.
func benchPubkey(i int) string {
	pk := make([]byte, types.PubkeySize)
	pk[0] = 0xbe
	binary.BigEndian.PutUint64(pk[24:], uint64(i))
	return hex.EncodeToString(pk)
}

// benchNodeKey returns the i-th real node key, for the nodes that sign
// (node keys are otherwise benchPubkey's, which sign nothing).
func benchNodeKey(i int) ed25519.PrivateKey {
	seed := make([]byte, ed25519.SeedSize)
	seed[0] = 0xbe
	binary.BigEndian.PutUint64(seed[24:], uint64(i))
	return ed25519.NewKeyFromSeed(seed)
}

// benchNodes returns n fully staked node records in status (active or
// unlocking), each with its own operator and, when claimant is not nil, a
// quarter of the stake from claimant. Node i's key is keys[i] when there is
// one, else benchPubkey(i). Active nodes last proved uptime when they
// activated, an hour before genesis; unlocking nodes leave a year after
// genesis, so none is due during a benchmark.
func benchNodes(tb testing.TB, ac address.Codec, n int, status types.NodeStatus, claimant sdk.AccAddress, keys map[int]ed25519.PrivateKey) []types.NodeRecord {
	tb.Helper()
	requirement := types.DefaultParams().StakingRequirement
	activated := benchGenesisTime.Add(-time.Hour)
	var claimantStr string
	if claimant != nil {
		s, err := ac.BytesToString(claimant)
		if err != nil {
			tb.Fatal(err)
		}
		claimantStr = s
	}
	recs := make([]types.NodeRecord, n)
	for i := range recs {
		operator, err := ac.BytesToString(benchAddr(benchOperatorKind, i))
		if err != nil {
			tb.Fatal(err)
		}
		contribs := []types.ContributionRecord{{
			Address:      operator,
			Contribution: types.Contribution{Amount: requirement, LastContributedAt: activated},
		}}
		if claimant != nil {
			quarter := requirement.QuoRaw(4)
			contribs[0].Contribution.Amount = requirement.Sub(quarter)
			contribs = append(contribs, types.ContributionRecord{
				Address:      claimantStr,
				Contribution: types.Contribution{Amount: quarter, LastContributedAt: activated},
			})
		}
		pubkey := benchPubkey(i)
		if key, ok := keys[i]; ok {
			pubkey = hex.EncodeToString(key.Public().(ed25519.PublicKey))
		}
		node := types.Node{
			Pubkey:       pubkey,
			Operator:     operator,
			FeeBps:       500,
			Status:       status,
			TotalStaked:  requirement,
			Contributors: uint32(len(contribs)),
			RegisteredAt: activated,
			ActivatedAt:  &activated,
			RewardIndex:  math.ZeroInt(),
		}
		if status == types.NODE_STATUS_UNLOCKING {
			exit := benchGenesisTime.Add(365*24*time.Hour + time.Duration(i)*time.Second)
			node.ExitTime = &exit
		}
		recs[i] = types.NodeRecord{Node: node, Contributions: contribs, Reserved: []types.ReservedSpot{}}
	}
	return recs
}

// benchFixture is the keeper on a real in-memory IAVL store, with its
// genesis committed, and a store-backed fake bank in the same multistore.
type benchFixture struct {
	cms        storetypes.CommitMultiStore
	ctx        sdk.Context // the committed state
	k          keeper.Keeper
	bank       *benchBank
	ac         address.Codec
	moduleAddr sdk.AccAddress
	height     int64
}

// newBenchFixture loads n nodes (see benchNodes) through InitGenesis, funds
// the module account with their stakes, runs the genesis block's EndBlock
// (which writes the testing period's quorum seed) and commits, so each
// block reads the committed state as on a real chain.
func newBenchFixture(tb testing.TB, n int, status types.NodeStatus, claimant sdk.AccAddress) *benchFixture {
	tb.Helper()
	return newBenchFixtureKeys(tb, n, status, claimant, nil)
}

// newBenchFixtureKeys is newBenchFixture with real keys for some nodes (see
// benchNodes).
func newBenchFixtureKeys(tb testing.TB, n int, status types.NodeStatus, claimant sdk.AccAddress, keys map[int]ed25519.PrivateKey) *benchFixture {
	tb.Helper()
	// The module's state sits in a plain key-value store over an in-memory
	// database, not an IAVL tree: the benchmark measures the module's work
	// per block, not the tree's O(log n) lookups or the garbage collector
	// walking an in-memory tree of the whole state. The bank keeps its
	// balances in a memory store.
	moduleKey := storetypes.NewKVStoreKey(types.StoreKey)
	bankKey := storetypes.NewMemoryStoreKey("benchbank")
	db := dbm.NewMemDB()
	rootStore := sdkstore.NewCommitMultiStore(db, log.NewNopLogger())
	rootStore.MountStoreWithDB(moduleKey, storetypes.StoreTypeDB, db)
	rootStore.MountStoreWithDB(bankKey, storetypes.StoreTypeMemory, db)
	if err := rootStore.LoadLatestVersion(); err != nil {
		tb.Fatal(err)
	}
	ctx := sdk.NewContext(rootStore, cmtproto.Header{}, false, log.NewNopLogger())
	cms, ok := ctx.MultiStore().(storetypes.CommitMultiStore)
	if !ok {
		tb.Fatalf("the test context's store is a %T, not a commit multistore", ctx.MultiStore())
	}

	// Genesis validation reads the global bech32 prefix: use the same one.
	ac := addresscodec.NewBech32Codec(sdk.GetConfig().GetBech32AccountAddrPrefix())
	ak := benchAccountKeeper{}
	bank := newBenchBank(runtime.NewMemStoreService(bankKey), ak)
	authority, err := ac.BytesToString(authtypes.NewModuleAddress("gov"))
	if err != nil {
		tb.Fatal(err)
	}
	k := keeper.NewKeeper(moduleutil.Services{
		Cdc:           moduletestutil.MakeTestEncodingConfig().Codec,
		AddressCodec:  ac,
		StoreService:  runtime.NewKVStoreService(moduleKey),
		EventService:  runtime.EventService{},
		HeaderService: benchHeaderService{},
		Logger:        log.NewNopLogger(),
		Authority:     authority,
	}, ak, bank, benchRewardPool{bank: bank})

	f := &benchFixture{cms: cms, k: k, bank: bank, ac: ac, moduleAddr: ak.GetModuleAddress(types.ModuleName)}
	f.ctx = ctx.WithChainID(benchChainID).
		WithHeaderInfo(header.Info{ChainID: benchChainID, Time: benchGenesisTime}).
		WithEventManager(sdk.NewEventManager())
	gs := types.DefaultGenesis()
	gs.Params.ProofBlockWindow = types.MaxProofBlockWindow
	gs.Nodes = benchNodes(tb, ac, n, status, claimant, keys)
	staked := math.ZeroInt()
	for _, rec := range gs.Nodes {
		staked = staked.Add(rec.Node.TotalStaked)
	}
	if err := bank.mint(f.ctx, f.moduleAddr, staked); err != nil {
		tb.Fatal(err)
	}
	if err := k.InitGenesis(f.ctx, gs); err != nil {
		tb.Fatal(err)
	}
	// The block every benchmark's uptime proofs name (benchProofBlock).
	if err := k.Liveness.ProofBlocks.Set(f.ctx, benchProofBlock, benchAppHash); err != nil {
		tb.Fatal(err)
	}
	if err := k.EndBlocker(f.ctx); err != nil {
		tb.Fatal(err)
	}
	cms.Commit()
	// Collect the garbage of the setup now, not during the timed blocks.
	goruntime.GC()
	return f
}

// nextBlock returns the context of the next block: a fresh branch of the
// committed state, as BaseApp gives each block. The branch is never written,
// so every block starts from the same state; its time cycles through the
// benchBlocksPerWindow block times after genesis, so that however many
// blocks a benchmark runs, no liveness deadline falls due and no new
// testing period starts (both would make the blocks do other work).
// Its height cycles the same way, from the block after benchProofBlock, so
// the proofs that name that block stay within proof_block_window.
func (f *benchFixture) nextBlock() sdk.Context {
	f.height++
	cycle := (f.height - 1) % benchBlocksPerWindow
	t := benchGenesisTime.Add(time.Duration(1+cycle) * benchBlockTime)
	return f.ctx.
		WithMultiStore(f.cms.CacheMultiStore()).
		WithHeaderInfo(header.Info{ChainID: benchChainID, Height: benchProofBlock + 1 + cycle, Time: t}).
		WithEventManager(sdk.NewEventManager())
}

// emit does what x/rewardpool's BeginBlocker does for one block's share:
// ask the recipient, then in a cache context move the tokens into its
// module account and call OnEmission.
func (f *benchFixture) emit(ctx sdk.Context, amount math.Int) error {
	ok, err := f.k.CanReceiveEmission(ctx)
	if err != nil {
		return err
	}
	if !ok {
		return errors.New("no node can receive the emission")
	}
	cacheCtx, write := ctx.CacheContext()
	if err := f.bank.mint(cacheCtx, f.moduleAddr, amount); err != nil {
		return err
	}
	if err := f.k.OnEmission(cacheCtx, amount); err != nil {
		return err
	}
	write()
	return nil
}

// benchHeaderService returns the block header of the sdk.Context, as the
// runtime's header service does.
type benchHeaderService struct{}

func (benchHeaderService) GetHeaderInfo(ctx context.Context) header.Info {
	return sdk.UnwrapSDKContext(ctx).HeaderInfo()
}

// benchAccountKeeper knows every module account.
type benchAccountKeeper struct{}

var _ types.AccountKeeper = benchAccountKeeper{}

func (benchAccountKeeper) GetModuleAddress(name string) sdk.AccAddress {
	return authtypes.NewModuleAddress(name)
}

func (benchAccountKeeper) GetModuleAccount(_ context.Context, name string) sdk.ModuleAccountI {
	return authtypes.NewEmptyModuleAccount(name)
}

// benchBank keeps nsesh balances in its own store, so branches and cache
// contexts commit or discard transfers as x/bank's do.
type benchBank struct {
	ak       benchAccountKeeper
	balances collections.Map[sdk.AccAddress, math.Int]
}

var _ types.BankKeeper = (*benchBank)(nil)

// BlockedAddr blocks no address: the benchmarks pay plain accounts only.
func (b *benchBank) BlockedAddr(sdk.AccAddress) bool { return false }

func newBenchBank(storeService store.MemoryStoreService, ak benchAccountKeeper) *benchBank {
	sb := collections.NewSchemaBuilderFromAccessor(storeService.OpenMemoryStore)
	b := &benchBank{
		ak:       ak,
		balances: collections.NewMap(sb, collections.NewPrefix(0), "balances", sdk.AccAddressKey, sdk.IntValue),
	}
	if _, err := sb.Build(); err != nil {
		panic(err)
	}
	return b
}

func (b *benchBank) balance(ctx context.Context, addr sdk.AccAddress) (math.Int, error) {
	amount, err := b.balances.Get(ctx, addr)
	if errors.Is(err, collections.ErrNotFound) {
		return math.ZeroInt(), nil
	}
	return amount, err
}

func (b *benchBank) GetBalance(ctx context.Context, addr sdk.AccAddress, denom string) sdk.Coin {
	amount := math.ZeroInt()
	if denom == types.Denom {
		var err error
		if amount, err = b.balance(ctx, addr); err != nil {
			panic(err)
		}
	}
	return sdk.NewCoin(denom, amount)
}

func (b *benchBank) SendCoins(ctx context.Context, from, to sdk.AccAddress, amt sdk.Coins) error {
	return b.send(ctx, from, to, amt)
}

func (b *benchBank) SendCoinsFromModuleToAccount(ctx context.Context, module string, recipient sdk.AccAddress, amt sdk.Coins) error {
	return b.send(ctx, b.ak.GetModuleAddress(module), recipient, amt)
}

// mint credits nsesh out of thin air.
func (b *benchBank) mint(ctx context.Context, addr sdk.AccAddress, amount math.Int) error {
	bal, err := b.balance(ctx, addr)
	if err != nil {
		return err
	}
	return b.balances.Set(ctx, addr, bal.Add(amount))
}

func (b *benchBank) send(ctx context.Context, from, to sdk.AccAddress, amt sdk.Coins) error {
	if !amt.IsValid() || len(amt) != 1 || amt[0].Denom != types.Denom {
		return errorsmod.Wrapf(sdkerrors.ErrInvalidCoins, "%s", amt)
	}
	amount := amt[0].Amount
	have, err := b.balance(ctx, from)
	if err != nil {
		return err
	}
	if have.LT(amount) {
		return errorsmod.Wrapf(sdkerrors.ErrInsufficientFunds, "%s%s < %s", have, types.Denom, amt)
	}
	if err := b.balances.Set(ctx, from, have.Sub(amount)); err != nil {
		return err
	}
	return b.mint(ctx, to, amount)
}

// benchRewardPool takes penalties into a pool account; no benchmark reads
// the day's reward.
type benchRewardPool struct {
	bank *benchBank
}

var _ types.RewardPool = benchRewardPool{}

func (p benchRewardPool) FundFromModule(ctx context.Context, module string, amount math.Int, _ string) error {
	return p.bank.SendCoinsFromModuleToAccount(ctx, module, benchAddr(benchPoolKind, 0), sdk.NewCoins(sdk.NewCoin(types.Denom, amount)))
}

func (benchRewardPool) DayRewardNow(context.Context) (math.Int, error) {
	return benchEmission.MulRaw(int64(24 * time.Hour / benchBlockTime)), nil
}

// claim pays addr's rewards as MsgClaimRewards does, without the message's
// address decoding: the claimant's stakes from staking, the claim from
// rewards.
func (f *benchFixture) claim(ctx sdk.Context, addr sdk.AccAddress) (math.Int, error) {
	stakes, err := f.k.Staking.StakesOf(ctx, addr)
	if err != nil {
		return math.Int{}, err
	}
	return f.k.Rewards.Claim(ctx, addr, nil, stakes)
}
