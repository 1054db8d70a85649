/// A terminal colour: the terminal's own default, or an index into its palette (0-255).
public enum TerminalColor: Hashable, Sendable {
    /// Whatever the terminal uses when nothing is set.
    case `default`
    /// A palette index: 0-7 basic, 8-15 bright, 16-231 the 6x6x6 cube, 232-255 greys.
    case indexed(UInt8)

    /// The closest colour a terminal with `count` colours can show.
    public func degraded(toColors count: Int) -> TerminalColor {
        guard case let .indexed(index) = self, Int(index) >= count else { return self }
        guard count >= 8 else { return .default }
        let target = Palette.rgb(of: index)
        // A grey stays a grey: by distance alone, mid grey is nearest to the 8 colours' yellow,
        // which made muted text and borders look like mentions on TERM=xterm.
        let isGrey = max(target.0, target.1, target.2) - min(target.0, target.1, target.2) < 30
        let candidates = (0..<min(count, 16)).map { UInt8($0) }.filter { !isGrey || [0, 7, 8, 15].contains($0) }
        let best = candidates.min { Palette.distance(Palette.rgb(of: $0), target) < Palette.distance(Palette.rgb(of: $1), target) }
        return best.map { .indexed($0) } ?? .default
    }
}

/// Text attributes a cell may carry.
public struct TextAttributes: OptionSet, Hashable, Sendable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public static let bold = TextAttributes(rawValue: 1 << 0)
    public static let dim = TextAttributes(rawValue: 1 << 1)
    public static let underline = TextAttributes(rawValue: 1 << 2)
    public static let reverse = TextAttributes(rawValue: 1 << 3)
    public static let italic = TextAttributes(rawValue: 1 << 4)
}

/// How a cell looks: colours and attributes.
public struct Style: Hashable, Sendable {
    /// Text colour.
    public var foreground: TerminalColor
    /// Background colour.
    public var background: TerminalColor
    /// Bold, underline, ...
    public var attributes: TextAttributes
    /// The web link the cell belongs to (an ID in ``Hyperlinks``), or 0: written as an OSC 8
    /// hyperlink around the cells that share it.
    public var link: UInt32 = 0

    /// A style; all parts default to the terminal's own.
    public init(foreground: TerminalColor = .default, background: TerminalColor = .default,
                attributes: TextAttributes = []) {
        self.foreground = foreground
        self.background = background
        self.attributes = attributes
    }

    /// This style as a link to `url` (already checked by ``WebLinks``), underlined.
    public func linking(to url: String) -> Style {
        var copy = adding(.underline)
        copy.link = Hyperlinks.shared.id(for: url)
        return copy
    }

    /// The terminal's default look.
    public static let plain = Style()

    /// This style with extra attributes.
    public func adding(_ extra: TextAttributes) -> Style {
        var copy = self
        copy.attributes.formUnion(extra)
        return copy
    }

    /// This style without some attributes.
    public func removing(_ attributes: TextAttributes) -> Style {
        var copy = self
        copy.attributes.subtract(attributes)
        return copy
    }
}

/// The xterm 256-colour palette as RGB, for degrading colours to smaller palettes.
enum Palette {
    static let basic: [(Int, Int, Int)] = [
        (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205), (229, 229, 229),
        (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255), (255, 0, 255), (0, 255, 255), (255, 255, 255),
    ]

    static func rgb(of index: UInt8) -> (Int, Int, Int) {
        let i = Int(index)
        if i < 16 { return basic[i] }
        if i >= 232 {
            let level = 8 + (i - 232) * 10
            return (level, level, level)
        }
        let cube = i - 16
        let steps = [0, 95, 135, 175, 215, 255]
        return (steps[cube / 36], steps[(cube / 6) % 6], steps[cube % 6])
    }

    static func distance(_ a: (Int, Int, Int), _ b: (Int, Int, Int)) -> Int {
        let red = a.0 - b.0, green = a.1 - b.1, blue = a.2 - b.2
        return 3 * red * red + 4 * green * green + 2 * blue * blue
    }
}
