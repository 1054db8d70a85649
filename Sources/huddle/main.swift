import ArgumentParser
import Foundation

// Exit codes follow DESIGN.md: 0 ok, 1 failed, 2 bad usage or config, 3 no running peer.
// swift-argument-parser uses 64 for usage errors, so parsing is done here to map it to 2.
do {
    var command = try Huddle.parseAsRoot()
    try command.run()
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
