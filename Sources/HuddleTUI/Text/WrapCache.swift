import Synchronization

/// The wrapped lines of texts drawn recently, so a frame does not measure and break again the
/// chat lines the frame before already did (render stays a pure function: the same text,
/// width and width model always wrap the same way).
final class WrapCache: Sendable {
    /// The cache every render shares.
    static let shared = WrapCache()
    /// The most texts kept; when full it starts again empty (a screen shows far fewer).
    static let limit = 1024

    struct Key: Hashable {
        let text: String
        let width: Int
        let widths: Int
    }

    private let entries = Mutex<[Key: [[TerminalText.Glyph]]]>([:])

    /// The lines of `text` at `width` under `widths`, made by `wrap` on a miss.
    func lines(_ text: String, width: Int, widths: WidthModel, wrap: () -> [[TerminalText.Glyph]]) -> [[TerminalText.Glyph]] {
        let key = Key(text: text, width: width, widths: widths.identity)
        if let known = entries.withLock({ $0[key] }) { return known }
        let lines = wrap()
        entries.withLock { entries in
            if entries.count >= Self.limit { entries.removeAll(keepingCapacity: true) }
            entries[key] = lines
        }
        return lines
    }
}
