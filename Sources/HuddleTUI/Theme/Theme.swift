/// Colours for every ``ThemeRole`` and a palette for teammates' nicknames.
public struct Theme: Hashable, Sendable {
    /// The theme's name, as `/theme` takes it.
    public var name: String
    /// A style per role.
    public var styles: [ThemeRole: Style]
    /// Colours given to teammates' nicknames, by a stable hash of their ID.
    public var nickPalette: [TerminalColor]

    /// The style for `role`.
    public func style(_ role: ThemeRole) -> Style {
        styles[role] ?? .plain
    }

    /// The colour of a teammate's nickname: the same for the same `key` on every run.
    public func nickColor(for key: String) -> TerminalColor {
        guard !nickPalette.isEmpty else { return .default }
        var hash: UInt32 = 2_166_136_261 // FNV-1a: stable across runs, unlike Hasher
        for byte in key.utf8 { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
        return nickPalette[Int(hash % UInt32(nickPalette.count))]
    }

    /// The same theme for a terminal that shows only `colors` colours.
    public func degraded(toColors colors: Int) -> Theme {
        var copy = self
        copy.styles = styles.mapValues {
            Style(foreground: $0.foreground.degraded(toColors: colors),
                  background: $0.background.degraded(toColors: colors), attributes: $0.attributes)
        }
        copy.nickPalette = nickPalette.map { $0.degraded(toColors: colors) }
        return copy
    }

    /// No colour at all, for `NO_COLOR` and terminals without colour: attributes alone keep
    /// focus, titles and errors visible.
    public static let monochrome = Theme(
        name: "monochrome",
        styles: [
            .title: Style(attributes: [.reverse, .bold]),
            .muted: Style(attributes: [.dim]),
            .borderFocused: Style(attributes: [.bold]),
            .paneTitle: Style(attributes: [.bold]),
            .ownNick: Style(attributes: [.bold]),
            .mention: Style(attributes: [.bold, .underline]),
            .code: Style(attributes: [.underline]),
            .error: Style(attributes: [.bold]),
            .warning: Style(attributes: [.bold]),
            .status: Style(attributes: [.reverse]),
            .statusKey: Style(attributes: [.reverse, .bold]),
            .selection: Style(attributes: [.reverse]),
            .progress: Style(attributes: [.reverse]),
            .unread: Style(attributes: [.bold]),
            .modalTitle: Style(attributes: [.bold]),
        ],
        nickPalette: []
    )
}
