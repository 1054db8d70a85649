import ArgumentParser
import Foundation
import HuddleApp
import HuddleTUI

/// `huddle peers`: discovered and known peers.
struct PeersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "peers", abstract: "List discovered and known peers, trust and addresses.")

    @OptionGroup var options: CommonOptions
    @Flag(help: "One JSON object per peer per line.") var json = false

    func run() throws {
        let peers = try options.controlClient().request(.peers, \.peers)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            for peer in peers { print(String(decoding: try encoder.encode(peer), as: UTF8.self)) }
            return
        }
        guard !peers.isEmpty else {
            print("no peers yet")
            return
        }
        // A nickname that looks like another peer's gets a warning mark: tell them apart by ID.
        func shown(_ peer: PeerStatus) -> String { TerminalText.sanitized(peer.nickname) + (peer.nameCollides == true ? " ⚠" : "") }
        let nickWidth = max(4, peers.map { WidthModel.assumed.width(of: shown($0)) }.max() ?? 4)
        print("  " + "NICK".padded(to: nickWidth) + "  ID       TRUST     STATE    FINGERPRINT               ADDRESS")
        for peer in peers {
            let state = peer.online ? "online" : peer.discovered ? "on LAN" : "offline"
            let suspect = peer.keyChangeOf.map { "  a new key where \($0) was: verify or block it (huddle trust \(peer.shortID) verify|block)" }
                ?? peer.claimsNameOf.map { "  new device or impostor? (the nickname of member \($0))" } ?? ""
            print((peer.online ? "● " : "○ ") + shown(peer).padded(to: nickWidth) + "  "
                + peer.shortID + "  " + peer.trust.rawValue.padded(to: 8) + "  " + state.padded(to: 7) + "  "
                + (peer.fingerprint ?? "-").padded(to: 24) + "  " + TerminalText.sanitized(peer.addresses.first ?? "-") + suspect)
        }
    }
}
