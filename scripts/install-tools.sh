#!/usr/bin/env bash
# Installs the pinned developer tools into build/tools (or $TOOLS) from the Go
# module proxy, and protoc from Debian's packages when it is missing.
#
#   scripts/install-tools.sh proto   protoc, protoc-gen-gocosmos, protoc-gen-grpc-gateway,
#                                    protoc-gen-openapiv2
#   scripts/install-tools.sh lint    golangci-lint
#   scripts/install-tools.sh evm     geth, abigen (bridge contracts and their tests)
#   scripts/install-tools.sh grpc    grpcurl (a gRPC client that works by reflection)
#
# A tool already present at the pinned version is not rebuilt.
set -euo pipefail

cd "$(dirname "$0")/.."
TOOLS=${TOOLS:-$PWD/build/tools}
mkdir -p "$TOOLS"
export GOBIN=$TOOLS

GOCOSMOS_VERSION=v1.7.2
GRPC_GATEWAY_VERSION=v1.16.0
OPENAPIV2_VERSION=v2.30.0 # grpc-gateway/v2, the version go.mod already carries
GOLANGCI_LINT_VERSION=v2.15.0
GETH_VERSION=v1.17.10 # keep at the go-ethereum version of go.mod
GRPCURL_VERSION=v1.9.4

# install_go NAME PACKAGE VERSION: go install PACKAGE@VERSION unless a stamp
# file records that exact version.
install_go() {
	local name=$1 pkg=$2 version=$3 stamp="$TOOLS/.$1.version"
	if [[ -x "$TOOLS/$name" && -f "$stamp" && "$(cat "$stamp")" == "$version" ]]; then
		return 0
	fi
	echo "installing $name $version" >&2
	go install "$pkg@$version"
	echo "$version" >"$stamp"
}

install_protoc() {
	if command -v protoc >/dev/null 2>&1; then
		return 0
	fi
	echo "installing protoc (Debian package protobuf-compiler)" >&2
	local sudo=""
	if [[ $(id -u) -ne 0 ]]; then sudo=sudo; fi
	$sudo apt-get update -qq
	$sudo apt-get install -y -qq protobuf-compiler >/dev/null
}

for what in "$@"; do
	case $what in
	proto)
		install_protoc
		install_go protoc-gen-gocosmos github.com/cosmos/gogoproto/protoc-gen-gocosmos "$GOCOSMOS_VERSION"
		install_go protoc-gen-grpc-gateway github.com/grpc-ecosystem/grpc-gateway/protoc-gen-grpc-gateway "$GRPC_GATEWAY_VERSION"
		install_go protoc-gen-openapiv2 github.com/grpc-ecosystem/grpc-gateway/v2/protoc-gen-openapiv2 "$OPENAPIV2_VERSION"
		;;
	lint)
		install_go golangci-lint github.com/golangci/golangci-lint/v2/cmd/golangci-lint "$GOLANGCI_LINT_VERSION"
		;;
	evm)
		install_go geth github.com/ethereum/go-ethereum/cmd/geth "$GETH_VERSION"
		install_go abigen github.com/ethereum/go-ethereum/cmd/abigen "$GETH_VERSION"
		;;
	grpc)
		install_go grpcurl github.com/fullstorydev/grpcurl/cmd/grpcurl "$GRPCURL_VERSION"
		;;
	*)
		echo "unknown tool set: $what (want proto, lint, evm or grpc)" >&2
		exit 2
		;;
	esac
done
