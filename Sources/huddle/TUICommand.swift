import ArgumentParser
import Foundation
import HuddleApp
import HuddleTUI

/// `huddle` (or `huddle tui`): the full-screen workspace, a full peer.
struct TUICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "tui", abstract: "Start the full-screen workspace (the default).")

    @OptionGroup var options: CommonOptions

    func run() async throws {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            printError("huddle: the workspace needs a terminal; run it in one (or use `huddle daemon`)")
            throw ExitCode(2)
        }
        let running = try await RunningPeer.start(options)
        let (profile, peer) = (running.profile, running.peer)
        let setup = TUIApp.Setup(config: profile.config, folders: profile.folders,
                                 shortID: profile.identity.peerID.short,
                                 environment: ProcessInfo.processInfo.environment,
                                 fingerprint: profile.identity.fingerprint)
        // The terminal loop blocks in poll(2): it gets a thread of its own, not a task's.
        let outcome: Result<Int32?, Error> = await withCheckedContinuation { continuation in
            let thread = Thread { continuation.resume(returning: Result { try TUIApp(setup: setup, peer: peer).run() }) }
            thread.name = "huddle-terminal"
            thread.start()
        }
        await running.stop()
        if let signal = try outcome.get() {
            throw ExitCode(128 + signal) // as a shell reports a process ended by a signal
        }
    }
}
