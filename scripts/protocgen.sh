#!/usr/bin/env bash
# Regenerates the Go code for every .proto under proto/, and the OpenAPI
# document of the custom modules' queries (docs/openapi). Works offline: the
# third-party protos (Cosmos SDK, gogoproto, cosmos-proto, googleapis) are read
# from the Go module cache at the versions go.mod pins, so the output depends
# only on go.mod and the pinned plugins.
set -euo pipefail

cd "$(dirname "$0")/.."
scripts/install-tools.sh proto
TOOLS=${TOOLS:-$PWD/build/tools}
export PATH=$TOOLS:$PATH

go mod download github.com/cosmos/cosmos-sdk github.com/cosmos/gogoproto \
	github.com/cosmos/cosmos-proto github.com/grpc-ecosystem/grpc-gateway
moddir() { go list -m -f '{{.Dir}}' "$1"; }
SDK=$(moddir github.com/cosmos/cosmos-sdk)
GOGO=$(moddir github.com/cosmos/gogoproto)
COSMOS_PROTO=$(moddir github.com/cosmos/cosmos-proto)
GATEWAY=$(moddir github.com/grpc-ecosystem/grpc-gateway)
WKT=$(dirname "$(dirname "$(command -v protoc)")")/include
[[ -f $WKT/google/protobuf/duration.proto ]] || WKT=/usr/include

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

includes=(-I proto -I "$SDK/proto" -I "$GOGO" -I "$COSMOS_PROTO/proto"
	-I "$GATEWAY/third_party/googleapis" -I "$WKT")

find proto -name '*.proto' -exec dirname {} \; | sort -u | while read -r dir; do
	protoc "${includes[@]}" \
		--gocosmos_out=plugins=grpc,Mgoogle/protobuf/any.proto=github.com/cosmos/gogoproto/types/any:"$out" \
		--grpc-gateway_out=logtostderr=true,allow_colon_final_segments=true:"$out" \
		"$dir"/*.proto
done

# One Swagger 2.0 document for every Query service, merged; the node serves it
# (app.RegisterAPIRoutes). Field names are the proto names because the SDK's
# gateway marshals with them; docs/openapi/config.yaml gives the title and
# operation IDs unique across modules.
mapfile -t queries < <(find proto -name query.proto | sort)
protoc "${includes[@]}" \
	--openapiv2_out=allow_merge=true,merge_file_name=sessiond,json_names_for_fields=false,openapi_naming_strategy=fqn,include_package_in_tags=true,openapi_configuration=docs/openapi/config.yaml:"$out" \
	"${queries[@]}"

cp -r "$out"/github.com/sessiontoken/sessionchain/. ./
cp "$out"/sessiond.swagger.json docs/openapi/
echo "generated Go code from $(find proto -name '*.proto' | wc -l) proto files and an OpenAPI document of ${#queries[@]} query services" >&2
