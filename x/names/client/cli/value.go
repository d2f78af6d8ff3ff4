// Package cli holds the hand-written names commands: those that hash a
// name or encrypt its value on the client, so that the name travels to
// the chain only in a registration. AutoCLI adds the generated commands
// beside them.
package cli

import (
	"crypto/rand"
	"fmt"

	"github.com/spf13/cobra"

	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/x/names/types"
)

const (
	flagYears             = "years"
	flagLokinet           = "lokinet"
	flagBackupOwner       = "backup-owner"
	flagRemoveBackupOwner = "remove-backup-owner"
	flagSessionID         = "session-id"
	flagMaxAmount         = "max-amount"
	flagMaxFee            = "max-fee"
	flagMaxPrice          = "max-price"
)

// nameArg checks a name given on the command line against the rules the
// chain applies, so that a bad name fails before anything is signed.
func nameArg(name string) (string, error) {
	if err := types.ValidateName(name); err != nil {
		return "", fmt.Errorf("name %q: %w", name, err)
	}
	return name, nil
}

// encryptValue encrypts a Session ID, with the --lokinet address if given,
// under name's key with a fresh random nonce.
func encryptValue(cmd *cobra.Command, name, sessionID string) ([]byte, error) {
	id, err := types.ParseSessionID(sessionID)
	if err != nil {
		return nil, err
	}
	v := types.Value{SessionID: id}
	if lokinet, _ := cmd.Flags().GetString(flagLokinet); lokinet != "" {
		if v.Lokinet, err = types.ParseLokinet(lokinet); err != nil {
			return nil, fmt.Errorf("--%s: %w", flagLokinet, err)
		}
	}
	nonce := make([]byte, types.NonceSize)
	if _, err := rand.Read(nonce); err != nil {
		return nil, err
	}
	return types.EncryptValue(name, v, nonce)
}

// nseshFlag reads an amount flag given in nsesh ("<n>nsesh"), checked here
// because a fraction would be signed into a transaction the node cannot
// decode. ok is false when the flag is not set.
func nseshFlag(cmd *cobra.Command, flag string) (amount sdk.Coin, ok bool, err error) {
	if !cmd.Flags().Changed(flag) {
		return sdk.Coin{}, false, nil
	}
	s, _ := cmd.Flags().GetString(flag)
	coin, err := parseNsesh(s)
	if err != nil {
		return sdk.Coin{}, false, fmt.Errorf("--%s: %w", flag, err)
	}
	return coin, true, nil
}

// parseNsesh reads a whole amount of nsesh: "<n>nsesh".
func parseNsesh(s string) (sdk.Coin, error) {
	coin, err := sdk.ParseCoinNormalized(s)
	if err != nil {
		return sdk.Coin{}, fmt.Errorf("%q: %w", s, err)
	}
	if coin.Denom != types.Denom {
		return sdk.Coin{}, fmt.Errorf("%q: amounts are in %s", s, types.Denom)
	}
	return coin, nil
}

// nsesh is an amount of nsesh as a coin.
func nsesh(amount math.Int) sdk.Coin {
	return sdk.NewCoin(types.Denom, amount)
}
