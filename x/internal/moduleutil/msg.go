package moduleutil

import "context"

// Validated is a message that checks its own fields.
type Validated interface {
	ValidateBasic() error
}

// Forward checks msg (ValidateBasic) and hands it to fn, the keeper or
// component method that does the work; it answers with an empty response
// R, or the first error.
func Forward[R any, M Validated](ctx context.Context, msg M, fn func(context.Context, M) error) (*R, error) {
	if err := msg.ValidateBasic(); err != nil {
		return nil, err
	}
	if err := fn(ctx, msg); err != nil {
		return nil, err
	}
	return new(R), nil
}
