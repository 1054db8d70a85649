import ArgumentParser
import Foundation
import HuddleApp
import HuddleTUI

/// `huddle trust NICK|ID verify|block`.
struct TrustCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trust",
        abstract: "Mark a peer verified (after comparing safety codes) or blocked."
    )

    @OptionGroup var options: CommonOptions
    @Argument(help: "The peer's nickname, short ID (the first group of its ID) or ID.") var peer: String
    @Argument(help: "verify or block.") var decision: TrustAction
    @Flag(help: "Verify without asking (for scripts): only after comparing the safety code some other way.") var yes = false

    func run() throws {
        let client = try options.controlClient()
        var target = peer
        if decision == .verify {
            // Show what is being verified, and ask, unless told not to.
            let peers = try client.request(.peers, \.peers)
            let matches = peers.filter { $0.nickname == peer || $0.shortID == peer.uppercased() || $0.id == peer }
            if matches.count == 1, let match = matches.first, let theirs = match.fingerprint, let code = match.safetyCode {
                let mine = try options.profile().identity.fingerprint
                print("""
                \(TerminalText.sanitized(match.nickname)) (\(match.shortID))
                  their fingerprint  \(theirs)
                  your fingerprint   \(mine)
                  safety code        \(code)
                Compare the safety code with \(TerminalText.sanitized(match.nickname)) (in person or on a call: huddle peers on their machine shows the same).
                """)
                if !yes {
                    guard isatty(STDIN_FILENO) == 1 else {
                        printError("huddle: not verified: confirm at a terminal, or add --yes once you have compared the safety code")
                        throw ExitCode(2)
                    }
                    print("Verify \(TerminalText.sanitized(match.nickname))? [y/N] ", terminator: "")
                    guard let answer = readLine(), ["y", "yes"].contains(answer.lowercased()) else {
                        print("not verified")
                        throw ExitCode(1)
                    }
                }
                target = match.id
            } else if matches.count == 1, let match = matches.first {
                printError("huddle: not verified: \(TerminalText.sanitized(match.nickname)) has not connected yet, so there is no key to compare")
                throw ExitCode(1)
            }
        }
        print(try client.request(.trust(peer: target, action: decision), \.done))
    }
}
