package moduleutil_test

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/sessiontoken/sessionchain/x/internal/moduleutil"
)

// testMsg fails its own check with invalid.
type testMsg struct{ invalid error }

func (m testMsg) ValidateBasic() error { return m.invalid }

type testResponse struct{}

// TestForward checks that a message that fails its check never reaches the
// handler, that the handler's error is the answer, and that success gives
// an empty response.
func TestForward(t *testing.T) {
	errInvalid, errHandler := errors.New("invalid"), errors.New("handler")
	calls := 0
	handler := func(err error) func(context.Context, testMsg) error {
		return func(context.Context, testMsg) error { calls++; return err }
	}

	res, err := moduleutil.Forward[testResponse](context.Background(), testMsg{invalid: errInvalid}, handler(nil))
	require.ErrorIs(t, err, errInvalid)
	require.Nil(t, res)
	require.Zero(t, calls, "an invalid message reached the handler")

	res, err = moduleutil.Forward[testResponse](context.Background(), testMsg{}, handler(errHandler))
	require.ErrorIs(t, err, errHandler)
	require.Nil(t, res)

	res, err = moduleutil.Forward[testResponse](context.Background(), testMsg{}, handler(nil))
	require.NoError(t, err)
	require.NotNil(t, res)
	require.Equal(t, 2, calls)
}
