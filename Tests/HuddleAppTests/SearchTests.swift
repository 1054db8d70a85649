import Foundation
import HuddleCore
import HuddleStore
import HuddleTesting
import Testing
@testable import HuddleApp

/// Full-text search over what a peer holds, through the Peer: kept current as changes arrive,
/// filtered, and consistent with the documents after a restart or a lost index.
@Suite("Search", .serialized, .stopsPeers)
struct SearchTests {
    @Test("a teammate's messages are found as they arrive; an edit is found by its new words only, a delete not at all")
    func keptCurrentAsChangesArrive() async throws {
        let bob = try await TestPeer.start("bob")
        let ann = try await TestPeer.start("ann", staticPeers: ["127.0.0.1:\(bob.port)"])
        let posted = try await ann.peer.say("the deploy script failed on staging", in: "#general")
        let other = try await ann.peer.say("lunch at noon", in: "#random")
        #expect(try await eventually { try await bob.peer.search("deploy").count == 1 })
        let hit = try #require(try await bob.peer.search("deploy").first)
        #expect(hit.kind == .message && hit.id == posted.id && hit.place == "#general" && hit.nickname == "ann")
        #expect(hit.excerpt.contains(SearchExcerptPart(text: "deploy", isMatch: true)))
        #expect(hit.excerptText == "the deploy script failed on staging")

        _ = try await ann.peer.editMessage(posted.id, text: "the rollout script failed on staging", in: "#general")
        #expect(try await eventually { try await bob.peer.search("rollout").map(\.id) == [posted.id] })
        #expect(try await bob.peer.search("deploy").isEmpty, "the earlier text is not found")
        try await ann.peer.deleteMessage(other.id, in: "#random")
        #expect(try await eventually { try await bob.peer.search("lunch").isEmpty })
        #expect(try await ann.peer.search("lunch").isEmpty)
    }

    @Test("phrases, prefixes, words left out, from: and in: narrow a search; newest first")
    func phrasesPrefixesAndFilters() async throws {
        let bob = try await TestPeer.start("bob")
        let ann = try await TestPeer.start("ann", staticPeers: ["127.0.0.1:\(bob.port)"])
        #expect(try await eventually { try await ann.peer.status().sessions == 1 })
        _ = try await ann.peer.say("release notes are ready", in: "#general")
        _ = try await bob.peer.say("notes on the release are in the wiki", in: "#dev")
        _ = try await bob.peer.say("releasing tomorrow", in: "#general")
        #expect(try await eventually {
            let dev = try await ann.peer.messages(in: "#dev"), general = try await ann.peer.messages(in: "#general")
            return dev.count == 1 && general.count == 2
        })
        #expect(try await ann.peer.search("release").map(\.excerptText) == ["notes on the release are in the wiki", "release notes are ready"])
        #expect(try await ann.peer.search("\"release notes\"").map(\.place) == ["#general"])
        #expect(try await ann.peer.search("releas*").count == 3)
        #expect(try await ann.peer.search("release -wiki").map(\.place) == ["#general"])
        #expect(try await ann.peer.search("release from:bob").map(\.nickname) == ["bob"])
        #expect(try await ann.peer.search("releas* in:#general").count == 2)
        #expect(try await ann.peer.search("releas*", in: "#dev").count == 1)
        #expect(try await ann.peer.search("releas*", workspace: "lan").count == 3)
        await #expect(throws: PeerError.unknownPeer("carol")) { try await ann.peer.search("release from:carol") }
        await #expect(throws: PeerError.badSearch(.empty)) { try await ann.peer.search("   ") }
        await #expect(throws: PeerError.badSearch(.nothingToFind)) { try await ann.peer.search("from:bob") }
    }

    @Test("a note is found by its words, with the line its stretch starts on; an edit re-indexes it")
    func notesAreFoundByLine() async throws {
        let ann = try await TestPeer.start("ann")
        _ = try await ann.peer.createNote("plan")
        try await ann.peer.appendToNote("plan", text: "# Plan\n\nship the search\n")
        #expect(try await ann.peer.search("search").map(\.line) == [1])
        #expect(try await ann.peer.search("search").first?.place == "plan")
        try await ann.peer.appendToNote("plan", text: String(repeating: "filler line\n", count: 400) + "the kiwi section\n")
        let kiwi = try #require(try await ann.peer.search("kiwi", in: "plan").first)
        #expect(kiwi.kind == .note && (kiwi.line ?? 0) > 100, "a later stretch starts further down: \(String(describing: kiwi.line))")
    }

    @Test("words typed as FTS5 syntax are searched as words, never read as operators")
    func syntaxInWordsIsText() async throws {
        let ann = try await TestPeer.start("ann")
        _ = try await ann.peer.say("NEAR the OR gate: body:x \"quoted\" {braces}", in: "#general")
        for query in ["NEAR(", "OR", "body:x", "\"quoted", "{braces}", "gate:", "a\" OR \"b", "tags:dabc", "*"] {
            _ = try? await ann.peer.search(query) // must not throw a database error
        }
        #expect(try await ann.peer.search("OR gate").count == 1)
        #expect(try await ann.peer.search("body:x").count == 1)
        #expect(try await ann.peer.search("tags:dabc").isEmpty)
    }

    @Test("Chinese and Japanese are found by any run of characters inside a sentence; emoji text too")
    func unspacedScripts() async throws {
        let ann = try await TestPeer.start("ann")
        _ = try await ann.peer.say("明日は東京でデプロイします 🚀", in: "#general")
        _ = try await ann.peer.say("我们今天发布新版本", in: "#general")
        #expect(try await ann.peer.search("東京").count == 1)
        #expect(try await ann.peer.search("デプロイ").count == 1)
        #expect(try await ann.peer.search("发布").map(\.excerptText) == ["我们今天发布新版本"])
        #expect(try await ann.peer.search("京都").isEmpty)
    }

    @Test("the index survives a restart; a lost or stale index is rebuilt from the documents")
    func survivesRestartAndRebuilds() async throws {
        let ann = try await TestPeer.start("ann")
        for i in 0..<30 { _ = try await ann.peer.say("message number \(i) about apples", in: "#general") }
        #expect(try await ann.peer.search("apples", limit: 100).count == 30)
        await ann.stop(removing: false)
        let again = try await TestPeer.start("ann", home: ann.home)
        #expect(try await again.peer.search("apples", limit: 100).count == 30)
        let path = again.profile.folders.data + "/search.sqlite"
        await again.stop(removing: false)

        // An index that missed the last messages (a crash before its write): they are indexed at start.
        let index = try SearchIndex(path: path)
        var batch = SearchIndexBatch()
        batch.versions = try index.versions().mapValues { _ in [0] }
        let hits = try index.search(match: "body:\"apples\"", limit: 5)
        batch.removed = hits.map { ($0.document, $0.item) }
        try index.apply(batch)
        #expect(try index.count() == 25)
        let third = try await TestPeer.start("ann", home: ann.home)
        #expect(try await third.peer.search("apples", limit: 100).count == 30)
        await third.stop(removing: false)

        // An index damaged past its first page (a power cut while it was written): made again.
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(bytes.count > 8192)
        for offset in stride(from: 4096, to: bytes.count, by: 7) { bytes[offset] = 0xA5 }
        try bytes.write(to: URL(fileURLWithPath: path))
        let fourth = try await TestPeer.start("ann", home: ann.home)
        #expect(try await fourth.peer.search("apples", limit: 100).count == 30)
        await fourth.stop(removing: false)

        // An index file that is not a database: made again.
        for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        try Data("not a database at all".utf8).write(to: URL(fileURLWithPath: path))
        let fifth = try await TestPeer.start("ann", home: ann.home)
        #expect(try await fifth.peer.search("apples", limit: 100).count == 30)
    }
}
