// Package typedevent emits ADR-032 typed events exactly as the SDK's event
// service does, without its JSON round trip.
//
// The SDK turns a typed event into ABCI attributes by marshalling it with
// jsonpb, unmarshalling the JSON into a map and sorting the keys
// (sdk.TypedEventToEvent), which costs about 20 µs per event: more than a
// bank transfer's own handler (cosmos/cosmos-sdk#11278 notes the cost). For
// an event whose fields are all scalars (strings, booleans, integers,
// math.Int, math.LegacyDec, times) or non-nullable messages of them this
// package writes the same type and the same attributes, byte for byte, from
// a plan built once per event type;
// any other event, or a value jsonpb would refuse, goes the SDK's way.
// Clients decode both with sdk.ParseTypedEvent.
package typedevent

import (
	"context"
	"encoding/json"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"google.golang.org/protobuf/runtime/protoiface"

	"cosmossdk.io/core/event"
	"cosmossdk.io/math"

	"github.com/cosmos/gogoproto/proto"
)

// Service is an event.Service whose managers emit scalar typed events
// without jsonpb.
type Service struct {
	inner event.Service
}

// Wrap returns s with the fast path; wrapping twice changes nothing.
func Wrap(s event.Service) event.Service {
	if w, ok := s.(Service); ok {
		return w
	}
	return Service{inner: s}
}

// EventManager implements event.Service.
func (s Service) EventManager(ctx context.Context) event.Manager {
	return manager{Manager: s.inner.EventManager(ctx)}
}

type manager struct {
	event.Manager
}

// Emit emits ev with the attributes sdk.TypedEventToEvent gives it.
func (m manager) Emit(ctx context.Context, ev protoiface.MessageV1) error {
	name, attrs, ok := Attributes(ev)
	if !ok {
		return m.Manager.Emit(ctx, ev)
	}
	return m.EmitKV(ctx, name, attrs...)
}

// Attributes returns ev's type name and attributes as sdk.TypedEventToEvent
// makes them: one per field, keyed by its proto name, valued by its jsonpb
// encoding, sorted by key. ok is false when ev has a field this package does
// not encode (a list, bytes, an enum, a float, a nullable message or one
// with such a field) or a time jsonpb cannot represent; the caller then
// takes the SDK's way.
func Attributes(ev protoiface.MessageV1) (name string, attrs []event.Attribute, ok bool) {
	p := planFor(reflect.TypeOf(ev))
	if p == nil {
		return "", nil, false
	}
	v := reflect.ValueOf(ev)
	if v.IsNil() {
		return "", nil, false
	}
	v = v.Elem()
	attrs = make([]event.Attribute, len(p.fields))
	var buf []byte
	for i, f := range p.fields {
		buf, ok = f.encode(buf[:0], v.Field(f.index))
		if !ok {
			return "", nil, false
		}
		attrs[i] = event.Attribute{Key: f.key, Value: string(buf)}
	}
	return p.name, attrs, true
}

// plan is how one event type is encoded: its fields sorted by key.
type plan struct {
	name   string
	fields []field
}

type field struct {
	index  int
	key    string
	encode encoder
}

// encoder appends v's jsonpb encoding to dst; false when it cannot.
type encoder func(dst []byte, v reflect.Value) ([]byte, bool)

// plans caches a *plan (nil: not encodable here) per event type.
var plans sync.Map

func planFor(t reflect.Type) *plan {
	if p, ok := plans.Load(t); ok {
		return p.(*plan)
	}
	p := buildPlan(t)
	plans.Store(t, p)
	return p
}

var (
	timeType = reflect.TypeFor[time.Time]()
	intType  = reflect.TypeFor[math.Int]()
	decType  = reflect.TypeFor[math.LegacyDec]()
)

// buildPlan reads the gogoproto struct tags of a generated event type.
func buildPlan(t reflect.Type) *plan {
	if t == nil || t.Kind() != reflect.Pointer || t.Elem().Kind() != reflect.Struct {
		return nil
	}
	msg, ok := reflect.Zero(t).Interface().(proto.Message)
	if !ok {
		return nil
	}
	p := &plan{name: proto.MessageName(msg)}
	if p.name == "" {
		return nil
	}
	fields, ok := fieldsOf(t.Elem())
	if !ok {
		return nil
	}
	p.fields = fields
	sort.Slice(p.fields, func(i, j int) bool { return p.fields[i].key < p.fields[j].key })
	return p
}

// fieldsOf reads the gogoproto struct tags of a generated message struct:
// its fields in declaration order, each with its encoder; false when a
// field is a oneof, unknown, or has no encoder here.
func fieldsOf(st reflect.Type) ([]field, bool) {
	var fields []field
	for i := range st.NumField() {
		sf := st.Field(i)
		if strings.HasPrefix(sf.Name, "XXX_") {
			continue
		}
		tag, ok := sf.Tag.Lookup("protobuf")
		if !ok || !sf.IsExported() {
			return nil, false // a oneof or an unknown field
		}
		key, enc := protoName(tag), encoderFor(sf.Type, tag)
		if key == "" || enc == nil {
			return nil, false
		}
		fields = append(fields, field{index: i, key: key, encode: enc})
	}
	return fields, true
}

// protoName returns the name= part of a protobuf struct tag, the key
// jsonpb uses with OrigName.
func protoName(tag string) string {
	for part := range strings.SplitSeq(tag, ",") {
		if name, ok := strings.CutPrefix(part, "name="); ok {
			return name
		}
	}
	return ""
}

func encoderFor(t reflect.Type, tag string) encoder {
	if strings.Contains(tag, ",enum=") {
		return nil
	}
	switch t {
	case timeType:
		return encodeTime
	case intType:
		return encodeInt
	case decType:
		return encodeDec
	}
	if t.Kind() == reflect.Struct && !strings.Contains(tag, "customtype=") && !strings.Contains(tag, ",std") {
		return messageEncoder(t)
	}
	if t.PkgPath() != "" {
		return nil // another named type: jsonpb may treat it specially
	}
	switch t.Kind() {
	case reflect.String:
		return encodeString
	case reflect.Bool:
		return encodeBool
	case reflect.Int32:
		return func(dst []byte, v reflect.Value) ([]byte, bool) { return strconv.AppendInt(dst, v.Int(), 10), true }
	case reflect.Uint32:
		return func(dst []byte, v reflect.Value) ([]byte, bool) { return strconv.AppendUint(dst, v.Uint(), 10), true }
	case reflect.Int64:
		// jsonpb quotes 64-bit integers.
		return func(dst []byte, v reflect.Value) ([]byte, bool) {
			return append(strconv.AppendInt(append(dst, '"'), v.Int(), 10), '"'), true
		}
	case reflect.Uint64:
		return func(dst []byte, v reflect.Value) ([]byte, bool) {
			return append(strconv.AppendUint(append(dst, '"'), v.Uint(), 10), '"'), true
		}
	}
	return nil
}

// messageEncoder encodes a non-nullable message field (a struct, as
// gogoproto generates it) as jsonpb does with OrigName and EmitDefaults: an
// object of every field, in declaration order, with no spaces. It is nil
// when t is not a message or has a field encoded no other way here.
func messageEncoder(t reflect.Type) encoder {
	if _, ok := reflect.New(t).Interface().(proto.Message); !ok {
		return nil
	}
	fields, ok := fieldsOf(t)
	if !ok {
		return nil
	}
	return func(dst []byte, v reflect.Value) ([]byte, bool) {
		dst = append(dst, '{')
		for i, f := range fields {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = append(append(append(dst, '"'), f.key...), '"', ':')
			var ok bool
			if dst, ok = f.encode(dst, v.Field(f.index)); !ok {
				return dst, false
			}
		}
		return append(dst, '}'), true
	}
}

func encodeBool(dst []byte, v reflect.Value) ([]byte, bool) {
	return strconv.AppendBool(dst, v.Bool()), true
}

// encodeString quotes s as encoding/json does (jsonpb defers to it): plain
// printable ASCII directly, anything that needs escaping through json.
func encodeString(dst []byte, v reflect.Value) ([]byte, bool) {
	return appendJSONString(dst, v.String())
}

func appendJSONString(dst []byte, s string) ([]byte, bool) {
	for i := range len(s) {
		if c := s[i]; c < 0x20 || c > 0x7e || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			b, err := json.Marshal(s)
			return append(dst, b...), err == nil
		}
	}
	dst = append(dst, '"')
	dst = append(dst, s...)
	return append(dst, '"'), true
}

// encodeInt is math.Int's MarshalJSON: the decimal, quoted; nil is "0".
func encodeInt(dst []byte, v reflect.Value) ([]byte, bool) {
	i := v.Interface().(math.Int) //nolint:errcheck,forcetypeassert // the plan chose this encoder for math.Int
	if i.IsNil() {
		return append(dst, `"0"`...), true
	}
	return append(i.BigIntMut().Append(append(dst, '"'), 10), '"'), true
}

// encodeDec is math.LegacyDec's MarshalJSON: the decimal, quoted; nil is "0".
func encodeDec(dst []byte, v reflect.Value) ([]byte, bool) {
	d := v.Interface().(math.LegacyDec) //nolint:errcheck,forcetypeassert // the plan chose this encoder for math.LegacyDec
	if d.IsNil() {
		return append(dst, `"0"`...), true
	}
	return appendJSONString(dst, d.String())
}

// Timestamps jsonpb can encode: years 1 to 9999.
const (
	minTimestamp = -62135596800
	maxTimestamp = 253402300800
)

// encodeTime is jsonpb's Timestamp: RFC 3339 in UTC with 0, 3, 6 or 9
// fractional digits.
func encodeTime(dst []byte, v reflect.Value) ([]byte, bool) {
	t := v.Interface().(time.Time) //nolint:errcheck,forcetypeassert // the plan chose this encoder for time.Time
	if s := t.Unix(); s < minTimestamp || s >= maxTimestamp {
		return dst, false
	}
	x := t.UTC().Format("2006-01-02T15:04:05.000000000")
	x = strings.TrimSuffix(x, "000")
	x = strings.TrimSuffix(x, "000")
	x = strings.TrimSuffix(x, ".000")
	dst = append(dst, '"')
	dst = append(dst, x...)
	return append(dst, `Z"`...), true
}
