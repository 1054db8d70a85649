import Foundation
import HuddleTesting
import Testing

/// `huddle search` against running daemons: what a teammate said, filters, `--json`, and an
/// index that stays consistent with the chat log when the daemon is killed.
@Suite("Search from the command line", .serialized)
struct SearchCLITests {
    @Test("search finds a teammate's message and a note; --json has the ID, place, author and matched words")
    func findsAcrossPeers() async throws {
        let (bob, ann) = try await ChatCLITests.bobAndAnn()
        defer { ann.stop(); bob.stop() }
        let said = try jsonObject(try ann.run(["say", "#dev", "the staging deploy is green", "--json"]).out)
        let id = try #require(said?["id"] as? String)
        _ = try bob.run(["note", "append", "runbook", "step 3: deploy with make ship"])
        var found = ""
        _ = try await eventually(every: .milliseconds(50)) {
            found = try bob.run(["search", "deploy", "from:ann", "--json"]).out
            return !found.isEmpty
        }
        let hit = try #require(try jsonObject(found.split(separator: "\n")[0]))
        #expect(hit["id"] as? String == id && hit["place"] as? String == "#dev" && hit["nickname"] as? String == "ann", "\(hit)")
        #expect(hit["kind"] as? String == "message" && (hit["time"] as? Int64 ?? 0) > 1_000_000_000_000)
        let parts = hit["excerpt"] as? [[String: Any]] ?? []
        #expect(parts.contains { $0["text"] as? String == "deploy" && $0["isMatch"] as? Bool == true }, "\(parts)")
        let both = try bob.run(["search", "deploy"]).out
        #expect(both.contains("runbook  line 1") && both.contains("#dev  ann"), "\(both)")
        let inNote = try bob.run(["search", "deploy", "--in", "runbook", "--json"]).out
        #expect(inNote.split(separator: "\n").count == 1 && inNote.contains("\"kind\":\"note\""), "\(inNote)")
        let nothing = try bob.run(["search", "kiwi"])
        #expect(nothing.code == 0 && nothing.out == "nothing found\n", "\(nothing)")
        let bad = try bob.run(["search", "-deploy"])
        #expect(bad.code == 1 && bad.err.contains("say what to find"), "\(bad)")
    }

    @Test("after kill -9 the index agrees with the chat log: every acknowledged message is found, a deleted one is not")
    func consistentAfterKill() async throws {
        let ann = try TestDaemon(nick: "ann")
        defer { ann.stop() }
        _ = try await ann.ready()
        var ids: [String] = []
        for number in 0..<40 {
            let said = try jsonObject(try ann.run(["say", "#general", "kiwi report \(number)", "--json"]).out)
            ids.append(try #require(said?["id"] as? String))
        }
        #expect(try ann.run(["delete", ids[0]]).code == 0)
        ann.kill() // at once: the index may not have caught up with the last messages
        let again = try TestDaemon(nick: "ann", home: ann.home)
        defer { again.stop() }
        _ = try await again.ready()
        let found = try again.run(["search", "kiwi", "-n", "100", "--json"]).out.split(separator: "\n")
        let foundIDs = try found.compactMap { try jsonObject($0)?["id"] as? String }
        #expect(Set(foundIDs) == Set(ids.dropFirst()), "found \(foundIDs.count) of 39")
        #expect(foundIDs.count == 39, "no duplicates")
    }
}
