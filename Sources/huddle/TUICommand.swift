import ArgumentParser
import Foundation
import HuddleApp
import HuddleTUI

/// `huddle` (or `huddle tui`): the full-screen workspace.
struct TUICommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "tui", abstract: "Start the full-screen workspace (the default).")

    @OptionGroup var options: CommonOptions

    func run() throws {
        let profile = try options.profile()
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            FileHandle.standardError.write(Data("huddle: the workspace needs a terminal; run it in one\n".utf8))
            throw ExitCode(2)
        }
        let setup = TUIApp.Setup(config: profile.config, folders: profile.folders,
                                 shortID: profile.identity.peerID.short,
                                 environment: ProcessInfo.processInfo.environment)
        if let signal = try TUIApp(setup: setup).run() {
            throw ExitCode(128 + signal) // as a shell reports a process ended by a signal
        }
    }
}
