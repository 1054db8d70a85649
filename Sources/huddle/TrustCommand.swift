import ArgumentParser
import HuddleApp

/// `huddle trust NICK|ID verify|block`.
struct TrustCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trust",
        abstract: "Mark a peer verified (after comparing safety codes) or blocked."
    )

    @OptionGroup var options: CommonOptions
    @Argument(help: "The peer's nickname, short ID (the first group of its ID) or ID.") var peer: String
    @Argument(help: "verify or block.") var decision: TrustAction

    func run() throws {
        print(try options.controlClient().request(.trust(peer: peer, action: decision), \.done))
    }
}
