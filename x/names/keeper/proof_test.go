package keeper_test

import (
	"context"
	"fmt"
	"testing"

	abci "github.com/cometbft/cometbft/abci/types"
	cmtbytes "github.com/cometbft/cometbft/libs/bytes"
	cmtproto "github.com/cometbft/cometbft/proto/tendermint/types"
	rpcclient "github.com/cometbft/cometbft/rpc/client"
	ctypes "github.com/cometbft/cometbft/rpc/core/types"
	dbm "github.com/cosmos/cosmos-db"
	"github.com/stretchr/testify/require"

	"cosmossdk.io/collections"
	"cosmossdk.io/core/header"
	"cosmossdk.io/log/v2"
	"cosmossdk.io/math"

	addresscodec "github.com/cosmos/cosmos-sdk/codec/address"
	"github.com/cosmos/cosmos-sdk/runtime"
	"github.com/cosmos/cosmos-sdk/store/v2/rootmulti"
	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"
	sdk "github.com/cosmos/cosmos-sdk/types"
	moduletestutil "github.com/cosmos/cosmos-sdk/types/module/testutil"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"

	"github.com/sessiontoken/sessionchain/client/lightquery"
	"github.com/sessiontoken/sessionchain/testutil/keepertest"
	"github.com/sessiontoken/sessionchain/x/internal/moduleutil"
	"github.com/sessiontoken/sessionchain/x/names/keeper"
	"github.com/sessiontoken/sessionchain/x/names/types"
	protypes "github.com/sessiontoken/sessionchain/x/pro/types"
	rewardpooltypes "github.com/sessiontoken/sessionchain/x/rewardpool/types"
)

// storeQuerier answers /abci_query from a committed multistore, as a node
// does.
type storeQuerier struct{ store *rootmulti.Store }

func (q storeQuerier) ABCIQueryWithOptions(_ context.Context, path string, data cmtbytes.HexBytes, opts rpcclient.ABCIQueryOptions) (*ctypes.ResultABCIQuery, error) {
	res, err := q.store.Query(&storetypes.RequestQuery{Path: path[len("/store"):], Data: data, Height: opts.Height, Prove: opts.Prove})
	if err != nil {
		return nil, err
	}
	res.Height = opts.Height
	return &ctypes.ResultABCIQuery{Response: abci.ResponseQuery(*res)}, nil
}

// Every registered name is read with a proof of its record against the app
// hash, and every other name is proven absent, whichever entries of the
// store lie next to its hash: ICS23 cannot verify a proof whose neighbour
// holds an empty value, as index entries do, so the records must never be
// next to one (types.RecordsKey).
func TestRecordsAreProvable(t *testing.T) {
	moduleKey := storetypes.NewKVStoreKey(types.StoreKey)
	bankKey := storetypes.NewKVStoreKey("fakebank")
	poolKey := storetypes.NewKVStoreKey("fakepool")
	st := rootmulti.NewStore(dbm.NewMemDB(), log.NewNopLogger())
	for _, k := range []*storetypes.KVStoreKey{moduleKey, bankKey, poolKey} {
		st.MountStoreWithDB(k, storetypes.StoreTypeIAVL, nil)
	}
	require.NoError(t, st.LoadLatestVersion())
	ctx := sdk.NewContext(st, cmtproto.Header{}, false, log.NewNopLogger()).
		WithHeaderInfo(header.Info{Height: 1, Time: genesisTime}).WithEventManager(sdk.NewEventManager())
	ak := keepertest.NewAccountKeeper(types.ModuleName, protypes.LiquidityAccount, rewardpooltypes.PoolAccount)
	bank := keepertest.NewBank(runtime.NewKVStoreService(bankKey), ak)
	prices := &keepertest.Prices{}
	prices.Set(math.LegacyMustNewDecFromStr(defaultPrice))
	cdc := moduletestutil.MakeTestEncodingConfig().Codec
	k := keeper.NewKeeper(moduleutil.Services{
		Cdc:           cdc,
		AddressCodec:  addresscodec.NewBech32Codec("session"),
		StoreService:  runtime.NewKVStoreService(moduleKey),
		EventService:  runtime.EventService{},
		HeaderService: keepertest.HeaderService{},
		Logger:        log.NewNopLogger(),
		Authority:     authtypes.NewModuleAddress("gov").String(),
	}, ak, bank, keepertest.NewPool(runtime.NewKVStoreService(poolKey), bank), prices)

	gs := types.DefaultGenesis()
	registered := map[string]bool{}
	for i := range 40 {
		name := fmt.Sprintf("held-%d", i)
		registered[name] = true
		gs.Records = append(gs.Records, types.NameRecord{
			NameHash: types.NameHashHex(name), Owner: users[i%len(users)].String(), EncryptedValue: value(t, name, byte(i)),
			NameLength: uint32(len(name)), RegisteredAt: genesisTime, Expiry: genesisTime.Add(types.Year), UpdatedAt: genesisTime, //nolint:gosec // short
		})
		if i%3 == 0 {
			gs.Listings = append(gs.Listings, types.Listing{
				NameHash: types.NameHashHex(name), Seller: users[i%len(users)].String(), Price: math.NewInt(int64(i + 1)),
				ListedAt: genesisTime, Expiry: genesisTime.Add(types.Year),
			})
		}
	}
	require.NoError(t, k.InitGenesis(ctx, gs))
	var appHash []byte
	for range 2 {
		appHash = st.Commit().Hash
	}
	h := lightquery.Header{Height: 3, AppHash: appHash}
	reader := lightquery.NewReader(storeQuerier{store: st})

	for i := range 400 {
		name := fmt.Sprintf("held-%d", i)
		key, err := lightquery.MapKey(types.RecordsKey, collections.BytesKey, types.NameHash(name))
		require.NoError(t, err)
		raw, found, err := reader.Get(context.Background(), h, types.StoreKey, key)
		require.NoError(t, err, name)
		require.Equal(t, registered[name], found, name)
		if found {
			var rec types.NameRecord
			require.NoError(t, cdc.Unmarshal(raw, &rec))
			require.Equal(t, types.NameHashHex(name), rec.NameHash)
		}
	}
}
