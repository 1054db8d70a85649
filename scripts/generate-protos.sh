#!/usr/bin/env bash
# Regenerates the Swift code for the wire protocol from Sources/HuddleNet/Wire/huddle.proto.
# Needs protoc (Debian: protobuf-compiler); builds protoc-gen-swift from the swift-protobuf
# package the project already depends on (once, in .build-protoc; it takes several minutes).
set -euo pipefail
cd "$(dirname "$0")/.."

command -v protoc >/dev/null || { echo "needs protoc: apt-get install -y protobuf-compiler" >&2; exit 1; }
swift package resolve >/dev/null
plugin_source=.build/checkouts/swift-protobuf
[ -d "$plugin_source" ] || { echo "swift-protobuf checkout not found under .build/checkouts" >&2; exit 1; }
swift build -c release --package-path "$plugin_source" --scratch-path .build-protoc --product protoc-gen-swift
protoc --plugin=protoc-gen-swift=.build-protoc/release/protoc-gen-swift \
    --swift_opt=Visibility=Public --swift_out=Sources/HuddleNet/Wire \
    --proto_path=Sources/HuddleNet/Wire huddle.proto
echo "wrote Sources/HuddleNet/Wire/huddle.pb.swift"
