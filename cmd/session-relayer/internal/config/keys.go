package config

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"
)

// Keys lists every configuration key as section.name, in file order. Each is
// also a flag of the same name (--chain.grpc, --evm.rpc, ...).
func Keys() []string {
	var keys []string
	walk(reflect.ValueOf(&Config{}).Elem(), func(key string, _ reflect.Value) bool {
		keys = append(keys, key)
		return false
	})
	return keys
}

// Set sets one key from its string form, as a flag gives it.
func (c *Config) Set(key, value string) error {
	var (
		found bool
		err   error
	)
	walk(reflect.ValueOf(c).Elem(), func(k string, field reflect.Value) bool {
		if k != key {
			return false
		}
		found = true
		err = setField(field, value)
		return true
	})
	if !found {
		return fmt.Errorf("unknown config key %q", key)
	}
	if err != nil {
		return fmt.Errorf("%s: %w", key, err)
	}
	return nil
}

// walk calls fn for every leaf field of the config with its dotted key until
// fn returns true.
func walk(v reflect.Value, fn func(key string, field reflect.Value) bool) {
	t := v.Type()
	for i := range t.NumField() {
		section := t.Field(i).Tag.Get("toml")
		sv := v.Field(i)
		st := sv.Type()
		for j := range st.NumField() {
			if fn(section+"."+st.Field(j).Tag.Get("toml"), sv.Field(j)) {
				return
			}
		}
	}
}

var durationType = reflect.TypeFor[Duration]()

func setField(field reflect.Value, value string) error {
	if field.Type() == durationType {
		d := Duration{}
		if err := d.UnmarshalText([]byte(value)); err != nil {
			return err
		}
		field.Set(reflect.ValueOf(d))
		return nil
	}
	switch field.Kind() {
	case reflect.String:
		field.SetString(value)
	case reflect.Uint64:
		n, err := strconv.ParseUint(value, 10, 64)
		if err != nil {
			return fmt.Errorf("want a non-negative integer, got %q", value)
		}
		field.SetUint(n)
	case reflect.Bool:
		b, err := strconv.ParseBool(value)
		if err != nil {
			return fmt.Errorf("want true or false, got %q", value)
		}
		field.SetBool(b)
	case reflect.Float64:
		f, err := strconv.ParseFloat(value, 64)
		if err != nil {
			return fmt.Errorf("want a number, got %q", value)
		}
		field.SetFloat(f)
	case reflect.Pointer:
		if strings.TrimSpace(value) == "" {
			field.Set(reflect.Zero(field.Type()))
			return nil
		}
		p := reflect.New(field.Type().Elem())
		if err := setField(p.Elem(), value); err != nil {
			return err
		}
		field.Set(p)
	default:
		return fmt.Errorf("unsupported type %s", field.Type())
	}
	return nil
}
