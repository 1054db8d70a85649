import HuddleTUI

/// Text as teams write it, cluster by cluster: what every screen must show intact and in place.
public enum TextCorpus {
    /// One of each kind of grapheme cluster the screen must handle, with a name for test output.
    public static let clusters: [(name: String, text: String)] = [
        ("ideograph", "中"),
        ("kana", "カ"),
        ("Hangul syllable", "한"),
        ("Hangul from jamo", "\u{1100}\u{1161}\u{11A8}"),
        ("precomposed accent", "é"),
        ("combining accent", "e\u{301}"),
        ("stacked marks", "a\u{300}\u{301}\u{302}"),
        ("flag", "🇩🇪"),
        ("skin tone", "👍🏽"),
        ("two people joined", "👩\u{200D}💻"),
        ("family of four", "👨\u{200D}👩\u{200D}👧\u{200D}👦"),
        ("VS16 heart", "\u{2764}\u{FE0F}"),
        ("VS15 watch", "\u{231A}\u{FE0E}"),
        ("keycap", "1\u{FE0F}\u{20E3}"),
        ("recent emoji", "\u{1FAE0}"),
        ("tag sequence flag", "🏴\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}"),
        ("Hebrew letter", "ש"),
        ("fullwidth letter", "Ａ"),
    ]

    /// A right-to-left phrase.
    public static let rightToLeft = "שלום עולם"
    /// A word longer than most panes.
    public static let longWord = "Donaudampfschifffahrtsgesellschaftskapitänsmütze"

    /// A teammate's chat line with one of most kinds.
    public static let message = "中文字 café éä 🇩🇪 👍🏽 👩\u{200D}💻 ❤\u{FE0F} end"
    /// A note's text with every kind, over several lines.
    public static let note = "ab你好cdX👍🏽ef👨\u{200D}👩\u{200D}👧\u{200D}👦gh\n"
        + clusters.map(\.text).joined(separator: " ") + "\n"
        + rightToLeft + " " + longWord + "\n"
        + "日本語の文章は、句読点で終わる。カタカナ「テスト」も。"

    /// Widths models to check screens under: a terminal with grapheme-cluster mode, tmux 3.3a
    /// as measured (👍🏽 on 4 columns, 👩‍💻 on 2, ❤️ on 1), and one that answered nothing.
    public static let models: [(name: String, model: WidthModel)] = [
        ("grapheme-clusters", .graphemeClusters),
        ("tmux-3.3a", tmux33a),
        ("assumed", .assumed),
    ]

    /// What tmux 3.3a answered to the start-up probe (captured from a real tmux).
    public static let tmux33aReplies = Array("\u{1B}[1;3R\u{1B}[1;5R\u{1B}[1;3R\u{1B}[1;2R\u{1B}[1;3R\u{1B}[1;2R\u{1B}[1;3R\u{1B}[?1;2c".utf8)

    /// The model those replies give.
    public static var tmux33a: WidthModel {
        var probe = WidthProbe()
        probe.receive(tmux33aReplies)
        return probe.model
    }
}
