package daemon

import (
	"bytes"
	"errors"
	"fmt"
	"maps"
	"slices"

	"github.com/pelletier/go-toml/v2"
)

// DecodeTOML decodes a configuration file into v. Unknown keys are errors
// ("unknown keys:" and the list), so a misspelt key does not silently keep
// its default; a syntax error names its line and column.
func DecodeTOML(bz []byte, v any) error {
	dec := toml.NewDecoder(bytes.NewReader(bz)).DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var strict *toml.StrictMissingError
		if errors.As(err, &strict) {
			return fmt.Errorf("unknown keys:\n%s", strict.String())
		}
		var decErr *toml.DecodeError
		if errors.As(err, &decErr) {
			row, col := decErr.Position()
			return fmt.Errorf("line %d, column %d: %w", row, col, err)
		}
		return err
	}
	return nil
}

// ApplyOverrides sets each key → value of overrides with set, in the order
// of the keys, so that the first error is always the same.
func ApplyOverrides(overrides map[string]string, set func(key, value string) error) error {
	for _, key := range slices.Sorted(maps.Keys(overrides)) {
		if err := set(key, overrides[key]); err != nil {
			return err
		}
	}
	return nil
}
