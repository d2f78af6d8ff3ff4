package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/cosmos/cosmos-sdk/client"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/x/internal/modulecli"
	"github.com/sessiontoken/sessionchain/x/names/types"
	protypes "github.com/sessiontoken/sessionchain/x/pro/types"
)

// NewTxCmd returns the `tx names` command with the commands that hash a
// name or encrypt its value; AutoCLI adds update-params-proposal.
func NewTxCmd() *cobra.Command {
	return modulecli.Group(types.ModuleName, "Session names transactions", NewRegisterCmd(), NewRenewCmd(), NewUpdateCmd(), NewTransferCmd(), NewListCmd(), NewCancelCmd(), NewBuyCmd())
}

// NewRegisterCmd registers a name.
func NewRegisterCmd() *cobra.Command {
	cmd := modulecli.TxCmd("register [name] [session-id]", "Register a name that resolves to a Session ID, paid in SESH",
		"Registers the name for --years (1, 2, 5 or 10) at its USD price in SESH at the price in force. The Session ID\n"+
			"(and --lokinet address) is encrypted here under a key only the name gives; the chain stores the name's hash.\n"+
			"Without --max-amount, the quote at the time of signing is the most you pay.",
		`sessiond tx names register alice 0536b2d17e0ab6b2ff4fa7fb8cf1b3d7ae4e0b0e3a9ee6d4fd1b6b6e4a5b5c9d1e --years 2 --from alice
sessiond tx names register alice 05... --lokinet 55fxd8stjrj4gwbb7pfbzd5bg9o8jb4rj4cipbw7bxfsxqak4tqo.loki --max-amount 200000000000nsesh --from alice`,
		cobra.ExactArgs(2),
		func(cmd *cobra.Command, clientCtx client.Context, args []string) (sdk.Msg, error) {
			name, err := nameArg(args[0])
			if err != nil {
				return nil, err
			}
			value, err := encryptValue(cmd, name, args[1])
			if err != nil {
				return nil, err
			}
			years, _ := cmd.Flags().GetUint32(flagYears)
			backup, _ := cmd.Flags().GetString(flagBackupOwner)
			maxAmount, err := maxAmountOrQuote(cmd, clientCtx, name, uint32(len(name)), years) // #nosec G115 -- at most 64
			if err != nil {
				return nil, err
			}
			return &types.MsgRegisterName{
				Owner: clientCtx.GetFromAddress().String(), Name: name, EncryptedValue: value,
				BackupOwner: backup, Years: years, MaxAmount: maxAmount,
			}, nil
		})
	cmd.Flags().Uint32(flagYears, 1, "term in years: 1, 2, 5 or 10")
	cmd.Flags().String(flagLokinet, "", "a Lokinet address (52 z-base-32 characters and .loki) the name also resolves to")
	cmd.Flags().String(flagBackupOwner, "", "an address that may also update and transfer the name")
	cmd.Flags().String(flagMaxAmount, "", "the most you pay, e.g. 200000000000nsesh (default: the quote now)")
	return cmd
}

// NewRenewCmd renews a name.
func NewRenewCmd() *cobra.Command {
	cmd := modulecli.TxCmd("renew [name]", "Extend a name by a term from its current expiry",
		"Anyone may renew an active name; in its grace period only its owner may. Without --max-amount, the quote at\n"+
			"the time of signing is the most you pay.",
		"sessiond tx names renew alice --years 5 --from alice",
		cobra.ExactArgs(1),
		func(cmd *cobra.Command, clientCtx client.Context, args []string) (sdk.Msg, error) {
			name, err := nameArg(args[0])
			if err != nil {
				return nil, err
			}
			years, _ := cmd.Flags().GetUint32(flagYears)
			maxAmount, err := maxAmountOrQuote(cmd, clientCtx, name, uint32(len(name)), years) // #nosec G115 -- at most 64
			if err != nil {
				return nil, err
			}
			return &types.MsgRenewName{
				Payer: clientCtx.GetFromAddress().String(), NameHash: types.NameHashHex(name), Years: years, MaxAmount: maxAmount,
			}, nil
		})
	cmd.Flags().Uint32(flagYears, 1, "term in years: 1, 2, 5 or 10")
	cmd.Flags().String(flagMaxAmount, "", "the most you pay, e.g. 200000000000nsesh (default: the quote now)")
	return cmd
}

// NewUpdateCmd changes a name's value or backup owner.
func NewUpdateCmd() *cobra.Command {
	cmd := modulecli.TxCmd("update [name]", "Change the Session ID (and Lokinet address) a name resolves to, or its backup owner",
		"The owner or the backup owner signs. --session-id (with --lokinet if wanted) replaces the value, encrypted here\n"+
			"under the name's key; --backup-owner sets the backup owner and --remove-backup-owner clears it.",
		`sessiond tx names update alice --session-id 05... --from alice
sessiond tx names update alice --backup-owner session1... --from alice`,
		cobra.ExactArgs(1),
		func(cmd *cobra.Command, clientCtx client.Context, args []string) (sdk.Msg, error) {
			name, err := nameArg(args[0])
			if err != nil {
				return nil, err
			}
			msg := &types.MsgUpdateName{Signer: clientCtx.GetFromAddress().String(), NameHash: types.NameHashHex(name)}
			msg.BackupOwner, _ = cmd.Flags().GetString(flagBackupOwner)
			msg.RemoveBackupOwner, _ = cmd.Flags().GetBool(flagRemoveBackupOwner)
			if sessionID, _ := cmd.Flags().GetString(flagSessionID); sessionID != "" {
				if msg.EncryptedValue, err = encryptValue(cmd, name, sessionID); err != nil {
					return nil, err
				}
			} else if cmd.Flags().Changed(flagLokinet) {
				return nil, fmt.Errorf("--%s replaces the value together with --%s", flagLokinet, flagSessionID)
			}
			if err := msg.ValidateBasic(); err != nil {
				return nil, err
			}
			return msg, nil
		})
	cmd.Flags().String(flagSessionID, "", "the Session ID the name resolves to from now on")
	cmd.Flags().String(flagLokinet, "", "a Lokinet address the name also resolves to, with --session-id")
	cmd.Flags().String(flagBackupOwner, "", "a new backup owner")
	cmd.Flags().Bool(flagRemoveBackupOwner, false, "clear the backup owner")
	return cmd
}

// NewTransferCmd gives a name to a new owner.
func NewTransferCmd() *cobra.Command {
	cmd := modulecli.TxCmd("transfer [name] [new-owner]", "Give a name to another address, paying the transfer fee",
		"The owner or the backup owner signs and pays the transfer fee (params transfer_fee_usd at the price in force).\n"+
			"The backup owner is cleared and a listing cancelled; --session-id replaces the value with the new owner's.\n"+
			"Without --max-fee, the fee at the time of signing is the most you pay.",
		"sessiond tx names transfer alice session1... --session-id 05... --from alice",
		cobra.ExactArgs(2),
		func(cmd *cobra.Command, clientCtx client.Context, args []string) (sdk.Msg, error) {
			name, err := nameArg(args[0])
			if err != nil {
				return nil, err
			}
			msg := &types.MsgTransferName{Signer: clientCtx.GetFromAddress().String(), NameHash: types.NameHashHex(name), NewOwner: args[1]}
			if sessionID, _ := cmd.Flags().GetString(flagSessionID); sessionID != "" {
				if msg.EncryptedValue, err = encryptValue(cmd, name, sessionID); err != nil {
					return nil, err
				}
			}
			if msg.MaxFee, err = maxFeeOrQuote(cmd, clientCtx); err != nil {
				return nil, err
			}
			return msg, nil
		})
	cmd.Flags().String(flagSessionID, "", "the Session ID the name resolves to for its new owner")
	cmd.Flags().String(flagLokinet, "", "a Lokinet address the name also resolves to, with --session-id")
	cmd.Flags().String(flagMaxFee, "", "the most you pay for the transfer fee, e.g. 30000000000nsesh (default: the fee now)")
	return cmd
}

// NewListCmd puts a name on sale.
func NewListCmd() *cobra.Command {
	return modulecli.TxCmd("list [name] [price]", "Put a name you own on sale at a price in nsesh (again: change the price)",
		"The listing ends when it is bought, cancelled, or the name is transferred or expires. A sale pays you the price\n"+
			"less the protocol's fee (params market_fee_bps).",
		"sessiond tx names list alice 500000000000nsesh --from alice",
		cobra.ExactArgs(2),
		func(_ *cobra.Command, clientCtx client.Context, args []string) (sdk.Msg, error) {
			name, err := nameArg(args[0])
			if err != nil {
				return nil, err
			}
			price, err := parseNsesh(args[1])
			if err != nil {
				return nil, fmt.Errorf("price: %w", err)
			}
			return &types.MsgListName{Seller: clientCtx.GetFromAddress().String(), NameHash: types.NameHashHex(name), Price: price}, nil
		})
}

// NewCancelCmd takes a name off sale.
func NewCancelCmd() *cobra.Command {
	return modulecli.TxCmd("cancel [name]", "Take a name you listed off sale", "",
		"sessiond tx names cancel alice --from alice",
		cobra.ExactArgs(1),
		func(_ *cobra.Command, clientCtx client.Context, args []string) (sdk.Msg, error) {
			name, err := nameArg(args[0])
			if err != nil {
				return nil, err
			}
			return &types.MsgCancelListing{Seller: clientCtx.GetFromAddress().String(), NameHash: types.NameHashHex(name)}, nil
		})
}

// NewBuyCmd buys a listed name.
func NewBuyCmd() *cobra.Command {
	cmd := modulecli.TxCmd("buy [name] [session-id]", "Buy a name on sale; it resolves to your Session ID from then on",
		"Pays the listing's price: the seller receives it less the protocol's fee. The Session ID (and --lokinet address)\n"+
			"is encrypted here under the name's key. Without --max-price, the listing's price at the time of signing is the\n"+
			"most you pay.",
		"sessiond tx names buy alice 05... --max-price 500000000000nsesh --from bob",
		cobra.ExactArgs(2),
		func(cmd *cobra.Command, clientCtx client.Context, args []string) (sdk.Msg, error) {
			name, err := nameArg(args[0])
			if err != nil {
				return nil, err
			}
			value, err := encryptValue(cmd, name, args[1])
			if err != nil {
				return nil, err
			}
			maxPrice, ok, err := nseshFlag(cmd, flagMaxPrice)
			if err != nil {
				return nil, err
			}
			if !ok {
				res, err := types.NewQueryClient(clientCtx).Resolve(cmd.Context(), &types.QueryResolveRequest{NameHash: types.NameHashHex(name)})
				if err != nil {
					return nil, fmt.Errorf("reading the listing: %w", err)
				}
				if res.Listing == nil {
					return nil, fmt.Errorf("%q is not on sale", name)
				}
				maxPrice = nsesh(res.Listing.Price)
			}
			return &types.MsgBuyName{
				Buyer: clientCtx.GetFromAddress().String(), NameHash: types.NameHashHex(name), MaxPrice: maxPrice, EncryptedValue: value,
			}, nil
		})
	cmd.Flags().String(flagLokinet, "", "a Lokinet address the name also resolves to")
	cmd.Flags().String(flagMaxPrice, "", "the most you pay, e.g. 500000000000nsesh (default: the listing's price now)")
	return cmd
}

// maxAmountOrQuote returns --max-amount, or the chain's quote for the name
// and term now.
func maxAmountOrQuote(cmd *cobra.Command, clientCtx client.Context, name string, length, years uint32) (sdk.Coin, error) {
	amount, ok, err := nseshFlag(cmd, flagMaxAmount)
	if err != nil || ok {
		return amount, err
	}
	res, err := types.NewQueryClient(clientCtx).Quote(cmd.Context(), &types.QueryQuoteRequest{
		NameHash: types.NameHashHex(name), Years: years, NameLength: length,
	})
	if err != nil {
		return sdk.Coin{}, fmt.Errorf("quoting the price (or give --%s): %w", flagMaxAmount, err)
	}
	return nsesh(res.Amount), nil
}

// maxFeeOrQuote returns --max-fee, or the transfer fee at the price in
// force now (nothing when transfers are free).
func maxFeeOrQuote(cmd *cobra.Command, clientCtx client.Context) (sdk.Coin, error) {
	fee, ok, err := nseshFlag(cmd, flagMaxFee)
	if err != nil || ok {
		return fee, err
	}
	params, err := types.NewQueryClient(clientCtx).Params(cmd.Context(), &types.QueryParamsRequest{})
	if err != nil {
		return sdk.Coin{}, fmt.Errorf("reading the transfer fee (or give --%s): %w", flagMaxFee, err)
	}
	if params.Params.TransferFeeUsd == 0 {
		return sdk.Coin{}, nil
	}
	price, err := protypes.NewQueryClient(clientCtx).Price(cmd.Context(), &protypes.QueryPriceRequest{})
	if err != nil {
		return sdk.Coin{}, fmt.Errorf("reading the SESH price (or give --%s): %w", flagMaxFee, err)
	}
	if !price.Valid {
		return sdk.Coin{}, fmt.Errorf("no valid SESH price is in force: transfers wait for the feeders")
	}
	return nsesh(protypes.QuoteNsesh(params.Params.TransferFeeUsd, price.Price)), nil
}
