import ArgumentParser
import Foundation
import HuddleApp
import HuddleTUI

/// `huddle id`: who this device is.
struct IDCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "id",
        abstract: "Show your nickname, peer ID and fingerprint (compare it aloud to verify)."
    )

    @OptionGroup var options: CommonOptions

    func run() throws {
        let profile = try options.profile()
        let identity = profile.identity
        // The running peer's nickname (it may have been started with --nick), else the config's.
        var nickname = profile.config.nickname
        if FileManager.default.fileExists(atPath: profile.folders.controlSocket),
           case let .status(status)? = try? ControlClient(path: profile.folders.controlSocket).send(.status, timeout: 2) {
            nickname = status.nickname
        }
        print("""
        nickname     \(TerminalText.sanitized(nickname))
        peer ID      \(identity.peerID)
        short ID     \(identity.peerID.short)
        fingerprint  \(identity.fingerprint)
        """)
    }
}
