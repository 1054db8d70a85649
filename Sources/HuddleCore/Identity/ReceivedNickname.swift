/// A nickname as another peer says it (Hello, mDNS, an offer): only a display hint, kept to
/// ``maxCharacters`` characters whatever was sent, so no peer can make others hold or show a
/// megabyte of name. (It is sanitised again where it is shown.)
public enum ReceivedNickname {
    /// Longest nickname kept, in characters.
    public static let maxCharacters = 32

    /// `raw` cut to ``maxCharacters`` characters (of at most four scalars each, so a run of
    /// combining marks cannot make one character of any size).
    public static func capped(_ raw: String) -> String { capped(raw, to: maxCharacters) }

    /// `raw` cut to `limit` characters of at most four scalars each.
    public static func capped(_ raw: String, to limit: Int) -> String {
        guard raw.unicodeScalars.count > limit else { return raw }
        var scalars = String.UnicodeScalarView()
        scalars.append(contentsOf: raw.unicodeScalars.prefix(limit * 4))
        return String(String(scalars).prefix(limit))
    }
}
