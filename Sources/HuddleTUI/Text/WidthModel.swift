/// How wide the terminal in use draws each grapheme cluster: the one answer that the renderer,
/// the word wrapper, the note editor's layout, the input line and the CLI's tables all read,
/// so they can never disagree with one another.
///
/// Terminals agree on single characters (the system's `wcwidth`, which ``DisplayWidth`` follows)
/// and disagree on clusters of several scalars: tmux 3.3a draws 👍🏽 on 4 columns and 👩‍💻 on 2,
/// xterm 👩‍💻 on 4, a terminal in grapheme-cluster mode (DEC mode 2027) both on 2. The model
/// knows, for each ``ClusterKind``, which rule the terminal follows, and whether that is known
/// (``isCertain(_:)``) or assumed; the renderer re-anchors the cursor after a cluster whose
/// width is assumed, so a wrong guess cannot shift anything else.
public struct WidthModel: Equatable, Hashable, Sendable {
    /// Where the model came from.
    public enum Source: String, Equatable, Hashable, Sendable {
        /// The terminal supports grapheme-cluster mode (DEC mode 2027) and huddle turned it on:
        /// every cluster is drawn as Unicode says, and every width is certain.
        case graphemeClusters = "grapheme-cluster mode (2027)"
        /// The terminal reported where it put a probe of each kind of cluster.
        case measured = "measured by cursor reports"
        /// Nothing answered (or no terminal): the system's per-scalar widths, none of the
        /// clusters of several scalars certain.
        case assumed = "per-scalar wcwidth (assumed)"
    }

    /// How a terminal draws one kind of cluster.
    public enum Rule: Equatable, Hashable, Sendable {
        /// As one character of its Unicode width (what mode 2027 does).
        case wholeCluster
        /// As the sum of its scalars' `wcwidth` (what a terminal that knows nothing of
        /// clusters does).
        case perScalar
        /// Always this many columns (measured on a probe that neither rule explains).
        case fixed(Int)
    }

    /// One kind's rule and whether it was seen rather than assumed.
    public struct KindWidth: Equatable, Hashable, Sendable {
        /// The rule.
        public var rule: Rule
        /// Whether the terminal showed it follows the rule.
        public var isCertain: Bool
    }

    /// Where the model came from.
    public let source: Source
    /// The rule for each kind of cluster of several scalars (every kind has one).
    public let kinds: [ClusterKind: KindWidth]
    /// Whether single emoji (🫠) are drawn at the width the system's table gives them; false
    /// when the terminal was not asked, since emoji newer than its table may be drawn narrower.
    public let singleEmojiCertain: Bool

    /// A number that differs between models that measure differently (for caches' keys).
    let identity: Int

    /// A model from its parts; kinds left out follow ``Rule/perScalar``, uncertain.
    public init(source: Source, kinds: [ClusterKind: KindWidth], singleEmojiCertain: Bool) {
        self.source = source
        var all = kinds
        for kind in ClusterKind.allCases where all[kind] == nil { all[kind] = KindWidth(rule: .perScalar, isCertain: false) }
        self.kinds = all
        self.singleEmojiCertain = singleEmojiCertain
        // Each kind's rule and certainty in a byte of its own, then the single-emoji flag.
        var identity = singleEmojiCertain ? 1 : 0
        for kind in ClusterKind.allCases {
            let width = all[kind]!
            let rule = switch width.rule {
            case .wholeCluster: 1
            case .perScalar: 2
            case let .fixed(columns): 3 + min(max(columns, 0), 60)
            }
            identity = identity << 8 | rule << 1 | (width.isCertain ? 1 : 0)
        }
        self.identity = identity
    }

    /// The terminal draws clusters as Unicode says (mode 2027 is on).
    public static let graphemeClusters = WidthModel(
        source: .graphemeClusters,
        kinds: Dictionary(uniqueKeysWithValues: ClusterKind.allCases.map { ($0, KindWidth(rule: .wholeCluster, isCertain: true)) }),
        singleEmojiCertain: true)

    /// Nothing is known about the terminal: the system's per-scalar widths. What the CLI uses
    /// (it never asks the terminal), and the TUI when the terminal does not answer.
    public static let assumed = WidthModel(source: .assumed, kinds: [:], singleEmojiCertain: false)

    /// Columns the terminal gives one sanitised grapheme cluster (0 only for one that shows
    /// nothing).
    public func width(of character: Character) -> Int {
        if let ascii = character.asciiValue { return ascii >= 0x20 && ascii < 0x7F ? 1 : 0 }
        let scalars = character.unicodeScalars
        guard let kind = ClusterKind(scalars) else {
            return scalars.reduce(0) { $0 + DisplayWidth.of($1) }
        }
        switch kinds[kind]?.rule ?? .perScalar {
        case .wholeCluster: return kind.unicodeWidth(scalars)
        case .perScalar: return kind.perScalarWidth(scalars)
        case let .fixed(columns): return columns
        }
    }

    /// The width and certainty of one scalar standing alone, with as few Unicode property
    /// lookups as can be (what ``width(of:)`` and ``isCertain(_:)`` say for it).
    public func measure(_ scalar: Unicode.Scalar) -> (width: Int, isCertain: Bool) {
        let value = scalar.value
        if value < 0x300 { return (value < 0x20 || (0x7F..<0xA0).contains(value) ? 0 : 1, true) }
        // Wide letters (CJK, Hangul, kana) without a property lookup; a few marks and emoji
        // sit inside those ranges and take the general path.
        if value < 0x1F000, DisplayWidth.isWide(value), !(0x302A...0x302D).contains(value), !(0x3099...0x309A).contains(value),
           value != 0x16FE4 {
            return (2, true)
        }
        let properties = scalar.properties
        switch properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return (0, true)
        default: break
        }
        if (0x1160...0x11FF).contains(value) { return (0, true) }
        if (0x1F1E6...0x1F1FF).contains(value) { return (1, singleEmojiCertain) }
        let presentation = properties.isEmojiPresentation
        let width = presentation || DisplayWidth.isWide(value) ? 2 : 1
        let isEmoji = presentation || value >= 0x1F000 && properties.isEmoji
        return (width, !isEmoji || singleEmojiCertain)
    }

    /// Columns a sanitised string takes.
    public func width(of text: some StringProtocol) -> Int {
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return text.utf8.reduce(0) { $0 + ($1 >= 0x20 && $1 < 0x7F ? 1 : 0) } }
        return text.reduce(0) { $0 + width(of: $1) }
    }

    /// Whether the terminal is known to draw `character` at ``width(of:)`` columns. Letters,
    /// CJK and letters with combining marks always are; emoji and joined clusters only when
    /// the terminal showed how it draws their kind.
    public func isCertain(_ character: Character) -> Bool {
        let scalars = character.unicodeScalars
        if scalars.count == 1, let only = scalars.first {
            return only.value < 0x80 || !ClusterKind.isEmoji(only) || singleEmojiCertain
        }
        guard let kind = ClusterKind(scalars) else {
            // A base and its combining marks (é, Hangul jamo, Indic syllables).
            return scalars.first.map { !ClusterKind.isEmoji($0) } ?? true
        }
        return kinds[kind]?.isCertain ?? false
    }

    /// A one-line description, for `/about` and the logs.
    public var summary: String {
        let rules = ClusterKind.allCases.map { kind -> String in
            let width = kinds[kind] ?? KindWidth(rule: .perScalar, isCertain: false)
            let rule: String
            switch width.rule {
            case .wholeCluster: rule = "cluster"
            case .perScalar: rule = "per scalar"
            case let .fixed(columns): rule = "\(columns) columns"
            }
            return "\(kind.rawValue) \(rule)\(width.isCertain ? "" : "?")"
        }
        return "\(source.rawValue): " + rules.joined(separator: ", ")
    }
}

/// The kinds of grapheme clusters of several scalars that terminals draw differently.
public enum ClusterKind: String, CaseIterable, Hashable, Sendable {
    /// Emoji joined by U+200D (👩‍💻, 👨‍👩‍👧‍👦) and tag sequences (🏴󠁧󠁢󠁳󠁣󠁴󠁿).
    case joined
    /// An emoji with a skin tone (👍🏽).
    case skinTone = "skin tone"
    /// Two regional indicators (🇩🇪).
    case flag
    /// A character asked to look like emoji with U+FE0F (❤️).
    case emojiStyle = "emoji style"
    /// A character asked to look like text with U+FE0E (⌚︎).
    case textStyle = "text style"
    /// A keycap (1️⃣).
    case keycap

    /// The kind of a cluster of several scalars; nil for one scalar, or a base with marks.
    init?(_ scalars: Character.UnicodeScalarView) {
        guard let first = scalars.first, scalars.count > 1 else { return nil }
        var joiner = false, tone = false, emojiStyle = false, textStyle = false, keycap = false, tag = false
        for scalar in scalars {
            switch scalar.value {
            case 0x200D: joiner = true
            case 0x1F3FB...0x1F3FF: tone = true
            case 0xFE0F: emojiStyle = true
            case 0xFE0E: textStyle = true
            case 0x20E3: keycap = true
            case 0xE0020...0xE007F: tag = true
            default: break
            }
        }
        let emojiBase = first.properties.isEmoji
        if keycap, emojiBase, first.value < 0x80 { self = .keycap }
        else if (0x1F1E6...0x1F1FF).contains(first.value) { self = .flag }
        else if !emojiBase { return nil }
        else if joiner || tag { self = .joined }
        else if tone { self = .skinTone }
        else if emojiStyle { self = .emojiStyle }
        else if textStyle { self = .textStyle }
        else { return nil }
    }

    /// Whether a scalar is an emoji drawn as a picture (not a digit, # or *).
    static func isEmoji(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value > 0xFF && (scalar.properties.isEmojiPresentation || scalar.properties.isEmoji && scalar.value >= 0x1F000)
    }

    /// Its width as one character, the way Unicode (and mode 2027) sees it.
    func unicodeWidth(_ scalars: Character.UnicodeScalarView) -> Int {
        switch self {
        case .joined, .skinTone, .flag, .emojiStyle, .keycap: 2
        case .textStyle: 1
        }
    }

    /// The sum of its scalars' `wcwidth`.
    func perScalarWidth(_ scalars: Character.UnicodeScalarView) -> Int {
        scalars.reduce(0) { $0 + DisplayWidth.of($1) }
    }

    /// The cluster the start-up probe writes to learn the terminal's rule for this kind.
    public var probe: String {
        switch self {
        case .joined: "\u{1F469}\u{200D}\u{1F4BB}"
        case .skinTone: "\u{1F44D}\u{1F3FD}"
        case .flag: "\u{1F1E9}\u{1F1EA}"
        case .emojiStyle: "\u{2764}\u{FE0F}"
        case .textStyle: "\u{231A}\u{FE0E}"
        case .keycap: "1\u{FE0F}\u{20E3}"
        }
    }
}
