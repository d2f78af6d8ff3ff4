// Command aminoschema writes the amino JSON layout of every Msg of the
// chain's own modules (and of the messages inside them) as JSON, for the
// TypeScript client's generic amino converters (ts-client/src/amino.ts):
//
//	go run ./scripts/aminoschema > ts-client/src/amino-schema.json
//
// It reads the same proto descriptors and options the chain's amino JSON
// sign mode handler (x/tx/signing/aminojson) reads: amino.name,
// amino.dont_omitempty, cosmos_proto.scalar and gogoproto.customtype, so a
// wallet's sign bytes are the chain's.
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strings"

	gogoproto_proto "github.com/cosmos/gogoproto/proto"
	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"

	"cosmossdk.io/api/amino"
	cosmos_proto "github.com/cosmos/cosmos-proto"

	// Register the custom modules' proto files.
	_ "github.com/sessiontoken/sessionchain/x/bridge/types"
	_ "github.com/sessiontoken/sessionchain/x/names/types"
	_ "github.com/sessiontoken/sessionchain/x/nodestaking/types"
	_ "github.com/sessiontoken/sessionchain/x/pro/types"
	_ "github.com/sessiontoken/sessionchain/x/rewardpool/types"
)

// msgServices are the Msg services whose request types are written.
var msgServices = []string{
	"sessionchain.bridge.v1.Msg",
	"sessionchain.names.v1.Msg",
	"sessionchain.nodestaking.v1.Msg",
	"sessionchain.pro.v1.Msg",
	"sessionchain.rewardpool.v1.Msg",
}

// Extension numbers of gogoproto.nullable and gogoproto.customtype.
const (
	nullableField   = 65001
	customTypeField = 65003
)

// customType returns a field's gogoproto.customtype, or "".
func customType(opts protoreflect.ProtoMessage) string {
	v, _ := gogoOption(opts, customTypeField)
	return string(v)
}

// nonNullable reports whether a field has gogoproto.nullable = false.
func nonNullable(opts protoreflect.ProtoMessage) bool {
	v, ok := gogoOption(opts, nullableField)
	return ok && len(v) == 1 && v[0] == 0
}

// gogoOption returns a gogoproto option's value (a string's bytes, or a
// bool's varint as one byte) and whether it is set. It reads the option
// from the options' wire form: whether the extension is known to
// google.golang.org/protobuf's registry or kept as an unknown field depends
// on how gogoproto registered it.
func gogoOption(opts protoreflect.ProtoMessage, field protowire.Number) ([]byte, bool) {
	b, err := proto.MarshalOptions{Deterministic: true}.Marshal(opts)
	if err != nil {
		return nil, false
	}
	for len(b) > 0 {
		num, typ, n := protowire.ConsumeTag(b)
		if n < 0 {
			return nil, false
		}
		b = b[n:]
		if num == field && typ == protowire.BytesType {
			v, m := protowire.ConsumeBytes(b)
			return v, m >= 0
		}
		if num == field && typ == protowire.VarintType {
			v, m := protowire.ConsumeVarint(b)
			set := byte(0)
			if v != 0 {
				set = 1
			}
			return []byte{set}, m >= 0
		}
		m := protowire.ConsumeFieldValue(num, typ, b)
		if m < 0 {
			return nil, false
		}
		b = b[m:]
	}
	return nil, false
}

// Field is one field of a message in amino JSON.
type Field struct {
	// Name is the amino JSON key (the proto field name).
	Name string `json:"name"`
	// Kind: string, bool, bytes, int (32-bit, a JSON number), long (64-bit,
	// a JSON string), enum (a JSON number), dec (cosmos.Dec over LegacyDec:
	// the proto string is the 18-decimal integer), int_string (cosmos.Int:
	// "" is "0"), duration (nanoseconds as a string), timestamp, message.
	Kind     string `json:"kind"`
	Repeated bool   `json:"repeated,omitempty"`
	DontOmit bool   `json:"dont_omit,omitempty"`
	// Always: the chain's amino JSON has the field even when a client left
	// it empty. The chain signs the Msg as it re-encodes it with gogoproto
	// (the SDK's UnpackAny repacks every Msg of a decoded tx), and gogoproto
	// writes a non-nullable message or customtype field whatever its value:
	// x/tx then sees it set (an empty Coin as {"amount":"0"}, a zero
	// cosmos.Int as "0").
	Always bool `json:"always,omitempty"`
	// Message is the full name of a message field's type.
	Message string `json:"message,omitempty"`
}

// Message is one message's amino JSON layout.
type Message struct {
	AminoName string  `json:"amino_name,omitempty"`
	Fields    []Field `json:"fields"`
}

func main() {
	out, err := schema()
	if err != nil {
		fmt.Fprintln(os.Stderr, "aminoschema:", err)
		os.Exit(1)
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		fmt.Fprintln(os.Stderr, "aminoschema:", err)
		os.Exit(1)
	}
}

func schema() (map[string]Message, error) {
	out := map[string]Message{}
	for _, name := range msgServices {
		d, err := gogoproto_proto.HybridResolver.FindDescriptorByName(protoreflect.FullName(name))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		methods := d.(protoreflect.ServiceDescriptor).Methods()
		for i := range methods.Len() {
			if err := add(out, methods.Get(i).Input()); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}

func add(out map[string]Message, md protoreflect.MessageDescriptor) error {
	full := string(md.FullName())
	if _, ok := out[full]; ok {
		return nil
	}
	m := Message{}
	if proto.HasExtension(md.Options(), amino.E_Name) {
		m.AminoName = proto.GetExtension(md.Options(), amino.E_Name).(string)
	}
	out[full] = m // before recursing: a message may contain itself
	fields := md.Fields()
	for i := range fields.Len() {
		fd := fields.Get(i)
		f, err := field(fd)
		if err != nil {
			return fmt.Errorf("%s.%s: %w", full, fd.Name(), err)
		}
		if f.Kind == "message" {
			// Resolve by name: a field's descriptor may hold a placeholder
			// of a message from another file.
			d, err := gogoproto_proto.HybridResolver.FindDescriptorByName(fd.Message().FullName())
			if err != nil {
				return fmt.Errorf("%s.%s: %w", full, fd.Name(), err)
			}
			if err := add(out, d.(protoreflect.MessageDescriptor)); err != nil {
				return err
			}
		}
		m.Fields = append(m.Fields, f)
	}
	sort.Slice(m.Fields, func(i, j int) bool { return m.Fields[i].Name < m.Fields[j].Name })
	out[full] = m
	return nil
}

func field(fd protoreflect.FieldDescriptor) (Field, error) {
	opts := fd.Options()
	f := Field{Name: string(fd.Name()), Repeated: fd.IsList()}
	if fd.IsMap() {
		return f, fmt.Errorf("maps have no amino JSON encoding")
	}
	if proto.HasExtension(opts, amino.E_FieldName) || proto.HasExtension(opts, amino.E_Encoding) {
		return f, fmt.Errorf("amino.field_name and amino.encoding are not supported by ts-client/src/amino.ts")
	}
	f.DontOmit = proto.HasExtension(opts, amino.E_DontOmitempty) && proto.GetExtension(opts, amino.E_DontOmitempty).(bool)
	f.Always = !fd.IsList() && nonNullable(opts) &&
		(fd.Kind() == protoreflect.MessageKind || customType(opts) != "")
	switch fd.Kind() {
	case protoreflect.StringKind:
		f.Kind = "string"
		if proto.HasExtension(opts, cosmos_proto.E_Scalar) {
			switch proto.GetExtension(opts, cosmos_proto.E_Scalar).(string) {
			case "cosmos.Dec":
				if customType(opts) == "cosmossdk.io/math.LegacyDec" {
					f.Kind = "dec"
				}
			case "cosmos.Int":
				f.Kind = "int_string"
			}
		}
	case protoreflect.BoolKind:
		f.Kind = "bool"
	case protoreflect.BytesKind:
		f.Kind = "bytes"
	case protoreflect.Int32Kind, protoreflect.Uint32Kind, protoreflect.Sint32Kind, protoreflect.Fixed32Kind, protoreflect.Sfixed32Kind:
		f.Kind = "int"
	case protoreflect.Int64Kind, protoreflect.Uint64Kind, protoreflect.Sint64Kind, protoreflect.Fixed64Kind, protoreflect.Sfixed64Kind:
		f.Kind = "long"
	case protoreflect.EnumKind:
		f.Kind = "enum"
	case protoreflect.MessageKind:
		switch fd.Message().FullName() {
		case "google.protobuf.Duration":
			f.Kind = "duration"
		case "google.protobuf.Timestamp":
			f.Kind = "timestamp"
		default:
			f.Kind, f.Message = "message", string(fd.Message().FullName())
		}
	default:
		return f, fmt.Errorf("kind %s has no amino JSON encoding here", strings.ToLower(fd.Kind().String()))
	}
	return f, nil
}
