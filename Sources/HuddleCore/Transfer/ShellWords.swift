/// Splits pasted text into words as a POSIX shell would: blanks and newlines separate words;
/// single quotes keep everything literally; double quotes keep all but `\"`, `\\`, `\$` and
/// `` \` ``; a backslash outside quotes escapes the next character.
public enum ShellWords {
    /// One word, and whether any part of it was quoted or escaped (then it is never a URI).
    public struct Word: Equatable, Sendable {
        /// The word without its quotes and escapes.
        public var text: String
        /// Whether any part of it was quoted or escaped.
        public var quoted: Bool
    }

    /// The words of `text`, or `nil` if a quote is left open or the text ends in a lone backslash.
    public static func split(_ text: String) -> [Word]? {
        var words: [Word] = []
        var current = ""
        var inWord = false
        var quoted = false
        var scalars = text.unicodeScalars.makeIterator()
        func finish() {
            if inWord { words.append(Word(text: current, quoted: quoted)) }
            current = ""
            inWord = false
            quoted = false
        }
        while let scalar = scalars.next() {
            switch scalar {
            case " ", "\t", "\n", "\r":
                finish()
            case "'":
                inWord = true
                quoted = true
                var closed = false
                while let inner = scalars.next() {
                    if inner == "'" { closed = true; break }
                    current.unicodeScalars.append(inner)
                }
                if !closed { return nil }
            case "\"":
                inWord = true
                quoted = true
                var closed = false
                while let inner = scalars.next() {
                    if inner == "\"" { closed = true; break }
                    if inner == "\\" {
                        guard let next = scalars.next() else { return nil }
                        if !["\"", "\\", "$", "`"].contains(next) { current.unicodeScalars.append(inner) }
                        current.unicodeScalars.append(next)
                        continue
                    }
                    current.unicodeScalars.append(inner)
                }
                if !closed { return nil }
            case "\\":
                guard let next = scalars.next() else { return nil }
                if next == "\n" { continue } // a line continuation joins, as in a shell
                inWord = true
                quoted = true
                current.unicodeScalars.append(next)
            default:
                inWord = true
                current.unicodeScalars.append(scalar)
            }
        }
        finish()
        return words
    }
}
