#!/usr/bin/env bash
# Regenerates the Swift code for the wire protocols from every Sources/HuddleNet/Wire/*.proto
# (huddle.proto: sessions; transfer.proto: file transfer), each beside its .proto.
# Needs protoc (Debian: protobuf-compiler); builds protoc-gen-swift from the swift-protobuf
# package the project already depends on (once, in .build-protoc; it takes several minutes).
# PROTOC_GEN_SWIFT=/path/to/protoc-gen-swift skips that build.
set -euo pipefail
cd "$(dirname "$0")/.."

command -v protoc >/dev/null || { echo "needs protoc: apt-get install -y protobuf-compiler" >&2; exit 1; }
plugin="${PROTOC_GEN_SWIFT:-}"
if [ -z "$plugin" ]; then
    swift package resolve >/dev/null
    plugin_source=.build/checkouts/swift-protobuf
    [ -d "$plugin_source" ] || { echo "swift-protobuf checkout not found under .build/checkouts" >&2; exit 1; }
    swift build -c release --package-path "$plugin_source" --scratch-path .build-protoc --product protoc-gen-swift
    plugin=.build-protoc/release/protoc-gen-swift
fi
for proto in Sources/HuddleNet/Wire/*.proto; do
    protoc --plugin=protoc-gen-swift="$plugin" \
        --swift_opt=Visibility=Public --swift_out=Sources/HuddleNet/Wire \
        --proto_path=Sources/HuddleNet/Wire "$(basename "$proto")"
    echo "wrote ${proto%.proto}.pb.swift"
done
