package keeper

// V1Layout is v1Layout, for the migration test.
type V1Layout = v1Layout

// NewV1Layout is newV1Layout, for the migration test.
func NewV1Layout(k *Keeper) (V1Layout, error) { return newV1Layout(k) }
