import ArgumentParser
import Foundation
import HuddleApp
import HuddleCore
import HuddleStore
import HuddleTesting

/// `huddle-bench search`: the full-text index with 100,000 chat messages in 20 channels and
/// 100 notes, their words drawn from real English (the editing traces' texts). Times the
/// index upkeep per arriving message (entries made as the peer makes them, written in bursts
/// of 1 and of 100) and queries of each kind, against the goals of 20 µs per message and a
/// p99 of 20 ms per query.
struct SearchBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "search", abstract: "Full-text search: index upkeep and queries.")

    @Option(help: "Chat messages indexed.") var messages = 100_000
    @Option(help: "Notes indexed.") var notes = 100
    @Option(help: "Each query is run this many times.") var runs = 30
    @Option(help: "An editing trace whose final text gives the words.") var trace = "../shared/bench-data/editing-traces/automerge-paper.json.gz"

    func run() throws {
        let words = try Self.words(from: trace)
        var rng = SplitMix64(seed: 2026)
        func pick(_ count: Int) -> String {
            let start = Int(rng.next() % UInt64(words.count - count))
            return words[start..<start + count].joined(separator: " ")
        }
        let folder = NSTemporaryDirectory() + "huddle-bench-search-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let index = try SearchIndex(path: folder + "/search.sqlite")

        let authors = (0..<12).map { _ in DeviceIdentity() }
        let channels = try (0..<20).map { try DocumentID.channel("channel\($0)") }
        var logs = authors.map { ChatLog(replica: $0.peerID.replicaID) }
        let start = Int64(Date().timeIntervalSince1970 * 1000) - Int64(messages) * 1000
        let places = channels.map(SearchPlace.init)
        var arrivals: [(ChatMessage, SearchPlace)] = []
        arrivals.reserveCapacity(messages)
        for index in 0..<messages {
            let author = index % authors.count
            let change = try logs[author].post(body: pick(3 + Int(rng.next() % 28)), wallTime: start + Int64(index) * 1000)
            arrivals.append((logs[author].message(MessageID(replica: change.author, seq: change.startSeq))!, places[index % places.count]))
        }
        let now = start + Int64(messages) * 1000

        // Upkeep: entries made and written as they arrive, in bursts.
        var upkeep: [(burst: Int, microseconds: Double)] = []
        var building: UInt64 = 0
        var offset = 0
        let small = min(2_000, messages / 10), medium = min(20_000, messages / 4)
        for (burst, count) in [(1, small), (100, medium), (1000, messages - small - medium)] {
            let began = DispatchTime.now().uptimeNanoseconds
            for first in stride(from: offset, to: offset + count, by: burst) {
                let built = DispatchTime.now().uptimeNanoseconds
                var batch = SearchIndexBatch()
                for (message, channel) in arrivals[first..<min(first + burst, offset + count)] {
                    batch.entries.append(SearchEntries.message(message, in: channel, now: now))
                }
                building += DispatchTime.now().uptimeNanoseconds - built
                try index.apply(batch)
            }
            upkeep.append((burst, Double(DispatchTime.now().uptimeNanoseconds - began) / 1000 / Double(count)))
            offset += count
        }
        var noteBatch = SearchIndexBatch()
        for number in 0..<notes {
            let text = (0..<80).map { _ in pick(4 + Int(rng.next() % 12)) }.joined(separator: "\n")
            noteBatch.entries += SearchEntries.note(text, in: SearchPlace(try DocumentID.note("note\(number)")), now: now)
        }
        try index.apply(noteBatch)

        // Queries of each kind, timed as the peer runs them (parse, match expression, FTS5, excerpts).
        let common = Self.mostFrequent(words, rank: 0), frequent = Self.mostFrequent(words, rank: 20)
        let rare = Self.mostFrequent(words, rank: 1500)
        let author = authors[3].peerID.replicaID, channel = channels[7]
        let queries: [(kind: String, text: String, tags: [String])] = [
            ("commonest word", common, []),
            ("frequent word", frequent, []),
            ("rare word", rare, []),
            ("two words", "\(frequent) \(rare)", []),
            ("phrase", "\"\(pick(2))\"", []),
            ("prefix", String(rare.prefix(3)) + "*", []),
            ("word left out", "\(frequent) -\(common)", []),
            ("commonest word from: an author", common, [SearchEntries.authorTag(author)]),
            ("rare word in: a channel", rare, [SearchTag.document(channel.description)]),
            ("no match", "zzyzx", []),
        ]
        var all: [Double] = []
        var perKind: [[String: Any]] = []
        for query in queries {
            var times: [Double] = []
            var found = 0
            for _ in 0..<runs {
                let began = DispatchTime.now().uptimeNanoseconds
                var match = try SearchQuery(query.text).matchExpression(column: "body")
                for tag in query.tags { match += " AND (tags:\"\(tag)\")" }
                let hits = try index.search(match: match, limit: 50)
                found = hits.map { SearchText.excerpt($0.excerpt) }.count
                times.append(Double(DispatchTime.now().uptimeNanoseconds - began) / 1e6)
            }
            all += times
            times.sort()
            perKind.append(["query": query.kind, "results": found, "p50_ms": times[times.count / 2], "max_ms": times.last ?? 0])
        }
        all.sort()
        let size = (try? FileManager.default.attributesOfItem(atPath: folder + "/search.sqlite")[.size] as? Int) ?? 0
        try printJSON([
            "bench": "search",
            "messages": messages, "notes": notes, "entries": try index.count(),
            "index_upkeep_us_per_message_burst_1": upkeep[0].microseconds,
            "index_upkeep_us_per_message_burst_100": upkeep[1].microseconds,
            "index_upkeep_us_per_message_burst_1000": upkeep[2].microseconds,
            "goal_upkeep_us_per_message": 20,
            "entry_making_us_per_message": Double(building) / 1000 / Double(messages),
            "query_p50_ms": all[all.count / 2],
            "query_p99_ms": all[min(all.count - 1, all.count * 99 / 100)],
            "goal_query_p99_ms": 20,
            "index_file_mb": Double(size) / 1e6,
        ])
        for kind in perKind { try printJSON(kind) }
    }

    /// The words of a trace's final text, in order.
    static func words(from path: String) throws -> [String] {
        let text = try EditingTrace.load(path: path).endContent
        return text.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map { $0.lowercased() }.filter { $0.count > 1 }
    }

    /// The word at `rank` by frequency (0: the commonest).
    static func mostFrequent(_ words: [String], rank: Int) -> String {
        let counts = Dictionary(words.map { ($0, 1) }, uniquingKeysWith: +).sorted { ($0.value, $1.key) > ($1.value, $0.key) }
        return counts[min(rank, counts.count - 1)].key
    }
}
