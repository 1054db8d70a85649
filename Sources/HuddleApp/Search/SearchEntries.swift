import HuddleCore
import HuddleStore

/// How messages and notes become entries of the search index (the same for the peer and
/// `huddle-bench search`).
public enum SearchEntries {
    /// A note's stretch: lines are gathered up to this many UTF-8 bytes.
    public static let stretchBytes = 2048

    /// The entry of `message` in the chat at `place`; `now` bounds the time its author claims.
    public static func message(_ message: ChatMessage, in place: SearchPlace, now: Int64) -> SearchEntry {
        let author = hex(message.author.bytes)
        return SearchEntry(document: place.key, item: author + "@\(message.id.seq)", time: min(message.wallTime, now),
                           body: SearchText.indexable(message.body), tags: place.tags + " " + SearchTag.author(author))
    }

    /// A note's text in stretches of whole lines (a line longer than a stretch is one), each
    /// an entry whose item is its first line's number (`L12`).
    public static func note(_ text: String, in place: SearchPlace, now: Int64) -> [SearchEntry] {
        var entries: [SearchEntry] = []
        var stretch = "", firstLine = 1, line = 1
        func flush() {
            if stretch.contains(where: { !$0.isWhitespace }) {
                entries.append(SearchEntry(document: place.key, item: "L\(firstLine)", time: now,
                                           body: SearchText.indexable(stretch), tags: place.tags))
            }
            stretch = ""
        }
        for lineText in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if !stretch.isEmpty, stretch.utf8.count + lineText.utf8.count > stretchBytes { flush() }
            if stretch.isEmpty { firstLine = line } else { stretch += "\n" }
            stretch += lineText
            line += 1
        }
        flush()
        return entries
    }

    /// A message's item: its author's replica in hex, `@`, its seq.
    static func item(_ id: MessageID) -> String { hex(id.replica.bytes) + "@\(id.seq)" }

    /// The message an item names, or nil.
    static func messageID(item: String) -> MessageID? {
        let parts = item.split(separator: "@")
        guard parts.count == 2, parts[0].utf8.count == 64, let seq = UInt64(parts[1]) else { return nil }
        var bytes: [UInt8] = []
        var digits = parts[0].utf8.makeIterator()
        while let high = digits.next(), let low = digits.next() {
            guard let byte = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16) else { return nil }
            bytes.append(byte)
        }
        return ReplicaID(bytes: bytes).map { MessageID(replica: $0, seq: seq) }
    }

    /// The author filter's value for `replica`.
    public static func authorTag(_ replica: ReplicaID) -> String { SearchTag.author(hex(replica.bytes)) }

    static func hex(_ bytes: [UInt8]) -> String {
        String(unsafeUninitializedCapacity: bytes.count * 2) { out in
            for (index, byte) in bytes.enumerated() {
                out[2 * index] = hexDigit(byte >> 4)
                out[2 * index + 1] = hexDigit(byte & 15)
            }
            return bytes.count * 2
        }
    }

    private static func hexDigit(_ value: UInt8) -> UInt8 { value < 10 ? 0x30 + value : 0x57 + value }



}

/// A chat or note as its entries name it, worked out once per document: its ID's text and
/// the filter words every entry of it has (the document and its workspace).
public struct SearchPlace: Sendable {
    /// The document.
    public let document: DocumentID
    let key: String
    let tags: String

    /// The place of `document`.
    public init(_ document: DocumentID) {
        self.document = document
        key = document.description
        tags = SearchTag.document(key) + " " + SearchTag.workspace(document.storageGroup)
    }
}
