package moduleutil

import "context"

// Respond answers a query that reads one value and returns it in its
// response, as every module's Params query does: read's error is returned
// as it is, with no response.
func Respond[V, R any](ctx context.Context, read func(context.Context) (V, error), wrap func(V) *R) (*R, error) {
	v, err := read(ctx)
	if err != nil {
		return nil, err
	}
	return wrap(v), nil
}
