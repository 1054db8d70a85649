import ArgumentParser
import Foundation

/// Parses and runs a verb. Exit codes follow DESIGN.md: 0 ok, 1 failed, 2 bad usage or
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

await runHuddle()
