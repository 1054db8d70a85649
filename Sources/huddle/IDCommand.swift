import ArgumentParser
import Foundation
import HuddleApp

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
        print("""
        nickname     \(profile.config.nickname)
        peer ID      \(identity.peerID)
        short ID     \(identity.peerID.short)
        fingerprint  \(identity.fingerprint)
        """)
    }
}
