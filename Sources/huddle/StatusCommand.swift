import ArgumentParser
import Foundation
import HuddleApp
import HuddleTUI

/// `huddle status`: this peer.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "status", abstract: "Show this peer: ID, port, sessions, workspaces.")

    @OptionGroup var options: CommonOptions
    @Flag(help: "One JSON object.") var json = false

    func run() throws {
        let status = try options.controlClient().request(.status, \.status)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            print(String(decoding: try encoder.encode(status), as: UTF8.self))
            return
        }
        print("""
        nickname     \(status.nickname)
        peer ID      \(status.id)
        port         \(status.port)
        sessions     \(status.sessions)
        workspaces   \(status.workspaces.joined(separator: ", "))
        discovery    \(status.discovery ? "on" : "off")\(status.mdnsPacketsSent.map { sent in
            " (mDNS packets: \(sent) sent, \(status.mdnsPacketsReceived ?? 0) received, \(status.mdnsPacketsDropped ?? 0) dropped"
                + ((status.mdnsRateLimited ?? 0) > 0 ? ", \(status.mdnsRateLimited ?? 0) over a sender's rate" : "")
                + ((status.mdnsStrangersNotListed ?? 0) > 0 ? "; \(status.mdnsStrangersNotListed ?? 0) strangers not listed" : "") + ")"
        } ?? "")
        documents    \(status.documents ?? 0) (changes from peers: \(status.changesReceived ?? 0) accepted, \(status.changesRefused ?? 0) refused)
        """)
        if let quarantined = status.quarantined, quarantined > 0 {
            print("quarantined  \(quarantined) stored snapshot(s) or run(s) did not load and were moved aside (see the log)")
        }
        for fork in status.forks ?? [] {
            let who = fork.isSelf ? "your own chain" : "the chain of \(TerminalText.sanitized(fork.author))"
            if fork.compared {
                print("fork         \(who) in \(TerminalText.sanitized(fork.document)) split at seq \(fork.seq); its later changes are refused (see the log)")
            } else {
                print("fork         \(who) in \(TerminalText.sanitized(fork.document)): changes from seq \(fork.seq) do not follow it (a fork, or forged by the peer that sent them; see the log)")
            }
        }
        if status.keyChanges > 0 {
            print("key changes  \(status.keyChanges) waiting: see huddle peers, then huddle trust NICK verify|block")
        }
    }
}
