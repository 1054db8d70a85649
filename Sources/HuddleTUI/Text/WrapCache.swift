import Synchronization

/// The wrapped lines of texts drawn recently, so a frame does not measure and break again the
/// chat lines the frame before already did (render stays a pure function: the same text,
/// width and width model always wrap the same way).
///
/// Teammates choose the texts (a message may be 64 KiB), so the cache has a budget in bytes as
/// well as in entries: when either would be passed it starts again empty, and a text too large
/// for the budget on its own is wrapped every time instead of kept.
final class WrapCache: Sendable {
    /// The cache every render shares.
    static let shared = WrapCache()

    struct Key: Hashable {
        let text: String
        let width: Int
        let widths: Int
    }

    struct Contents {
        var entries: [Key: [[TerminalText.Glyph]]] = [:]
        var bytes = 0
    }

    /// The most texts kept (a screen shows far fewer).
    let maxEntries: Int
    /// The most bytes the kept texts and their glyphs may take (an estimate: each text's
    /// UTF-8 and each glyph's inline size).
    let maxBytes: Int
    private let contents = Mutex(Contents())

    /// A cache of at most `maxEntries` texts and `maxBytes` bytes.
    init(maxEntries: Int = 1024, maxBytes: Int = 8 << 20) {
        self.maxEntries = maxEntries
        self.maxBytes = maxBytes
    }

    /// The bytes it holds now, as counted against ``maxBytes``.
    var bytes: Int { contents.withLock { $0.bytes } }

    /// The lines of `text` at `width` under `widths`, made by `wrap` on a miss.
    func lines(_ text: String, width: Int, widths: WidthModel, wrap: () -> [[TerminalText.Glyph]]) -> [[TerminalText.Glyph]] {
        let key = Key(text: text, width: width, widths: widths.identity)
        if let known = contents.withLock({ $0.entries[key] }) { return known }
        let lines = wrap()
        let cost = text.utf8.count + lines.reduce(0) { $0 + $1.count } * MemoryLayout<TerminalText.Glyph>.stride
        guard cost <= maxBytes else { return lines }
        contents.withLock { contents in
            if contents.entries.count >= maxEntries || contents.bytes + cost > maxBytes {
                contents = Contents()
            }
            contents.entries[key] = lines
            contents.bytes += cost
        }
        return lines
    }
}
