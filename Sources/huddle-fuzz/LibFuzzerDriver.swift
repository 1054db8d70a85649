#if HUDDLE_FUZZ
import Foundation
import HuddleFuzzTargets

// Built with -sanitize=fuzzer (scripts/fuzz.sh): libFuzzer drives the target that
// HUDDLE_FUZZ_TARGET names; its options and corpus directories are the command line's.

@_silgen_name("LLVMFuzzerRunDriver")
private func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<Int32>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32) -> Int32

/// The target under fuzzing, read once before libFuzzer starts.
nonisolated(unsafe) private var fuzzed = FuzzTarget.envelope

/// libFuzzer's entry point; also what its own `main` would call (it is linked, never run).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    _ = fuzzed.run(bytes)
    return 0
}

/// Hands the process to libFuzzer, fuzzing the target called `name`.
func fuzzMain(_ name: String) -> Never {
    guard let target = FuzzTarget(rawValue: name) else { usage() }
    fuzzed = target
    var argc = CommandLine.argc
    var argv = CommandLine.unsafeArgv
    exit(LLVMFuzzerRunDriver(&argc, &argv, fuzzOneInput))
}
#endif
