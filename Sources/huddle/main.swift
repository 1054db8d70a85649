import ArgumentParser
import Foundation
import Glibc

/// Keeps the C heap small: at most two malloc arenas (glibc makes one per thread that
/// allocates, up to 8 per core, each holding on to what it freed) and memory above 1 MiB
/// handed back to the system when freed. A long-running peer stays lean after a transfer.
func tuneHeap() {
    // glibc's <malloc.h>, which the Glibc module does not export: mallopt and its parameters.
    let trimThreshold: Int32 = -1, mmapThreshold: Int32 = -3, arenaMax: Int32 = -8
    _ = mallopt(arenaMax, 2)
    _ = mallopt(trimThreshold, 1 << 20)
    _ = mallopt(mmapThreshold, 1 << 20)
}

/// Raises the soft limit on open files to the hard limit (at most 65,536): a folder being
/// received keeps each file of its current batch open until the batch is durable, and the
/// 1,024 many systems start with would cap a peer receiving a few folders at once.
func raiseOpenFileLimit() {
    var limit = rlimit()
    guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return }
    let wanted = min(limit.rlim_max, 65_536)
    guard limit.rlim_cur < wanted else { return }
    limit.rlim_cur = wanted
    _ = setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
}

@_silgen_name("mallopt")
func mallopt(_ parameter: Int32, _ value: Int32) -> Int32

/// Parses and runs a verb. Exit codes follow the README: 0 ok, 1 failed, 2 bad usage or
/// config, 3 no running peer; swift-argument-parser uses 64 for usage errors, so parsing is
/// done here to map that to 2.
func runHuddle() async {
    do {
        var command = try Huddle.parseAsRoot()
        if var asynchronous = command as? AsyncParsableCommand {
            try await asynchronous.run()
        } else {
            try command.run()
        }
    } catch {
        let code = Huddle.exitCode(for: error)
        if code == .success {
            Huddle.exit(withError: error)
        }
        if let exit = error as? ExitCode {
            Foundation.exit(exit.rawValue)
        }
        FileHandle.standardError.write(Data((Huddle.fullMessage(for: error) + "\n").utf8))
        if code == .validationFailure {
            FileHandle.standardError.write(Data("Run 'huddle --help' for usage.\n".utf8))
            Foundation.exit(2)
        }
        Foundation.exit(code.rawValue)
    }
}

tuneHeap()
raiseOpenFileLimit()
await runHuddle()
