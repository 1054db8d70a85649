/// The wrapped lines of texts drawn recently (see ``LayoutCache``): a frame does not measure
/// and break again the chat lines the frame before already did.
final class WrapCache: Sendable {
    /// The cache every render shares.
    static let shared = WrapCache()

    struct Key: Hashable, Sendable {
        let text: String
        let width: Int
        let widths: Int
    }

    private let cache: LayoutCache<Key, [[TerminalText.Glyph]]>

    /// The most texts kept, and the most bytes they and their glyphs may take.
    var maxEntries: Int { cache.maxEntries }
    var maxBytes: Int { cache.maxBytes }

    /// A cache of at most `maxEntries` texts and `maxBytes` bytes (an estimate: each text's
    /// UTF-8 and each glyph's inline size).
    init(maxEntries: Int = 1024, maxBytes: Int = 8 << 20) {
        cache = LayoutCache(maxEntries: maxEntries, maxBytes: maxBytes)
    }

    /// The bytes it holds now, as counted against ``maxBytes``.
    var bytes: Int { cache.bytes }

    /// The lines of `text` at `width` under `widths`, made by `wrap` on a miss.
    func lines(_ text: String, width: Int, widths: WidthModel, wrap: () -> [[TerminalText.Glyph]]) -> [[TerminalText.Glyph]] {
        cache.value(for: Key(text: text, width: width, widths: widths.identity),
                    cost: { lines in text.utf8.count + lines.reduce(0) { $0 + $1.count } * MemoryLayout<TerminalText.Glyph>.stride },
                    make: wrap)
    }
}
