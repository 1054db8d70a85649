import ArgumentParser
import Foundation
import HuddleApp
import HuddleStore
import HuddleTUI

/// `huddle` (or `huddle tui`): the full-screen workspace, a full peer.
struct TUICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "tui", abstract: "Start the full-screen workspace (the default).")

    @OptionGroup var options: CommonOptions

    func run() async throws {
        let profile = try options.profile()
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            printError("huddle: the workspace needs a terminal; run it in one (or use `huddle daemon`)")
            throw ExitCode(2)
        }
        let database: HuddleDatabase
        do {
            database = try HuddleDatabase(path: profile.folders.database)
        } catch {
            printError("huddle: \(error)")
            throw ExitCode(1)
        }
        let network = options.network(profile.config)
        let peer = try Peer(profile: profile, database: database, options: network,
                            discovery: DiscoveryFactory.make(profile: profile, network: network))
        try await peer.start()
        let control: ControlServer
        do {
            control = try await ControlServer.start(path: profile.folders.controlSocket, peer: peer)
        } catch {
            await peer.stop()
            printError("huddle: \(error)")
            throw ExitCode(1)
        }
        let setup = TUIApp.Setup(config: profile.config, folders: profile.folders,
                                 shortID: profile.identity.peerID.short,
                                 environment: ProcessInfo.processInfo.environment)
        // The terminal loop blocks in poll(2): it gets a thread of its own, not a task's.
        let outcome: Result<Int32?, Error> = await withCheckedContinuation { continuation in
            let thread = Thread { continuation.resume(returning: Result { try TUIApp(setup: setup, peer: peer).run() }) }
            thread.name = "huddle-terminal"
            thread.start()
        }
        await control.stop()
        await peer.stop()
        if let signal = try outcome.get() {
            throw ExitCode(128 + signal) // as a shell reports a process ended by a signal
        }
    }
}
