import Foundation
import HuddleTesting
import Testing

/// `huddle here|away|dnd` against running daemons, and presence in `peers` and `status --json`.
@Suite("Presence from the command line", .serialized)
struct PresenceCLITests {
    @Test("huddle away TEXT: a teammate's peers --json shows it; status --json shows your own; huddle here ends it")
    func awayAndBack() async throws {
        let (bob, ann) = try await ChatCLITests.bobAndAnn()
        defer { ann.stop(); bob.stop() }
        let away = try ann.run(["away", "lunch,", "back", "at", "2"])
        #expect(away.code == 0 && away.out == "you are away: lunch, back at 2\n", "\(away)")
        var seen: [String: Any] = [:]
        _ = try await eventually(every: .milliseconds(50)) {
            let peers = try bob.run(["peers", "--json"]).out.split(separator: "\n").compactMap { try? jsonObject($0) }
            seen = peers.first { $0["nickname"] as? String == "ann" }?["presence"] as? [String: Any] ?? [:]
            return seen["availability"] as? String == "away"
        }
        #expect(seen["text"] as? String == "lunch, back at 2", "\(seen)")
        let status = try jsonObject(try ann.run(["status", "--json"]).out)
        #expect((status?["presence"] as? [String: Any])?["availability"] as? String == "away")
        #expect(try ann.run(["dnd"]).out == "you are not to be disturbed\n")
        #expect(try ann.run(["here"]).out == "you are here\n")
        _ = try await eventually(every: .milliseconds(50)) {
            try bob.run(["peers", "--json"]).out.contains("\"availability\":\"here\"")
        }
        let long = try ann.run(["away", String(repeating: "x", count: 65)])
        #expect(long.code != 0 && long.err.contains("at most 64"), "\(long)")
    }

    @Test("huddle notify CHAT LEVEL chooses how a chat asks for attention; without a level it says it; a bad one is refused")
    func notify() async throws {
        let ann = try TestDaemon(nick: "ann")
        defer { ann.stop() }
        _ = try await ann.ready()
        _ = try ann.run(["say", "#random", "hi"])
        #expect(try ann.run(["notify", "#random"]).out == "#random: mentions\n")
        #expect(try ann.run(["notify", "#random", "mute"]).out.hasPrefix("#random: mute"))
        #expect(try ann.run(["notify", "#random"]).out.hasPrefix("#random: mute"))
        #expect(try ann.run(["notify", "#random", "default"]).out == "#random: mentions\n")
        let bad = try ann.run(["notify", "#random", "loud"])
        #expect(bad.code != 0 && bad.err.contains("all, mentions, mute or default"), "\(bad)")
    }
}
