import Foundation
import HuddleCore
import Testing
@testable import HuddleStore

/// The full-text index file: entries replaced and removed, newest first, rebuilt when unusable.
@Suite("Search index")
struct SearchIndexTests {
    static func path() -> String { NSTemporaryDirectory() + "search-\(UUID().uuidString).sqlite" }

    static func entry(_ item: String, _ body: String, at time: Int64, in document: String = "lan/#general") -> SearchEntry {
        SearchEntry(document: document, item: item, time: time, body: body, tags: SearchTag.document(document))
    }

    @Test("entries come newest first; a replaced entry keeps its place; a removed one goes")
    func newestFirstReplaceRemove() throws {
        let index = try SearchIndex(path: Self.path())
        var batch = SearchIndexBatch()
        batch.entries = [Self.entry("m1", "alpha one", at: 1000), Self.entry("m2", "alpha two", at: 3000), Self.entry("m3", "alpha three", at: 2000)]
        batch.versions = ["lan/#general": [1]]
        try index.apply(batch)
        #expect(try index.search(match: "body:\"alpha\"", limit: 10).map(\.item) == ["m2", "m3", "m1"])
        #expect(try index.search(match: "body:\"alpha\"", limit: 2).map(\.item) == ["m2", "m3"])
        batch = SearchIndexBatch()
        batch.entries = [Self.entry("m1", "beta one", at: 1000)]
        batch.removed = [("lan/#general", "m3")]
        try index.apply(batch)
        #expect(try index.search(match: "body:\"alpha\"", limit: 10).map(\.item) == ["m2"])
        #expect(try index.search(match: "body:\"beta\"", limit: 10).map(\.item) == ["m1"])
        #expect(try index.versions() == ["lan/#general": [1]])
    }

    @Test("many entries in the same millisecond each get their own row")
    func sameMillisecond() throws {
        let index = try SearchIndex(path: Self.path())
        var batch = SearchIndexBatch()
        batch.entries = (0..<600).map { Self.entry("m\($0)", "same time", at: 5000) }
        try index.apply(batch)
        #expect(try index.count() == 600)
        #expect(try index.search(match: "body:\"same\"", limit: 1000).count == 600)
    }

    @Test("tags filter by document; clearing a document removes its entries and version")
    func tagsAndClearing() throws {
        let index = try SearchIndex(path: Self.path())
        var batch = SearchIndexBatch()
        batch.entries = [Self.entry("m1", "word", at: 1), Self.entry("m1", "word", at: 2, in: "lan/#dev")]
        batch.versions = ["lan/#general": [1], "lan/#dev": [2]]
        try index.apply(batch)
        #expect(try index.search(match: "body:\"word\" AND tags:\"\(SearchTag.document("lan/#dev"))\"", limit: 10).map(\.document) == ["lan/#dev"])
        batch = SearchIndexBatch()
        batch.cleared = ["lan/#dev"]
        try index.apply(batch)
        #expect(try index.search(match: "body:\"word\"", limit: 10).map(\.document) == ["lan/#general"])
        #expect(try index.versions() == ["lan/#general": [1]])
    }

    @Test("a file that is not an index is replaced by an empty index, never an error")
    func unusableFileIsMadeAgain() throws {
        let path = Self.path()
        try Data(repeating: 0x41, count: 4096).write(to: URL(fileURLWithPath: path))
        let index = try SearchIndex(path: path)
        #expect(try index.count() == 0)
        #expect(try index.versions().isEmpty)
    }
}
