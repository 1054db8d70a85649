/// What a user asked to find, parsed from the words of `/search` or `huddle search`.
///
/// - `deploy server`: messages and notes with both words;
/// - `"deploy the server"`: those words in that order;
/// - `depl*`: a word that starts with `depl`;
/// - `-staging`: leaves out what has the word (only beside a word to find);
/// - `from:bob`: written by bob (several `from:` are any of them);
/// - `in:#general`, `in:@bob`, `in:plan`: only that channel, conversation or note.
///
/// A value with no I/O: the app layer resolves the names in `from:` and `in:`, and
/// ``matchExpression`` turns the words into an FTS5 query in which nothing the user typed
/// is read as FTS5 syntax.
public struct SearchQuery: Hashable, Sendable {
    /// One thing to match in the text.
    public enum Term: Hashable, Sendable {
        /// A word (or, for scripts written without spaces, a run of characters).
        case word(String)
        /// A word that starts with this.
        case prefix(String)
        /// Words in this order.
        case phrase(String)
    }

    /// Terms every result has.
    public private(set) var required: [Term] = []
    /// Terms no result has.
    public private(set) var excluded: [Term] = []
    /// The names after `from:`, as typed.
    public private(set) var authors: [String] = []
    /// The names after `in:`, as typed.
    public private(set) var places: [String] = []

    /// Longest query, in UTF-8 bytes.
    public static let maxBytes = 1024
    /// Most terms and filters in one query (each is a posting list to walk).
    public static let maxTerms = 16

    /// Parses `text`.
    public init(_ text: String) throws(SearchQueryError) {
        guard text.utf8.count <= Self.maxBytes else { throw .tooLong(bytes: text.utf8.count) }
        for token in Self.tokens(of: text) {
            switch token {
            case let .filter(key, value) where key == "from": authors.append(value)
            case let .filter(key, value) where key == "in": places.append(value)
            case .filter: continue
            case let .term(term, negated):
                guard let term = Self.searchable(term) else { continue }
                if negated { excluded.append(term) } else { required.append(term) }
            }
        }
        guard !required.isEmpty else { throw excluded.isEmpty && authors.isEmpty && places.isEmpty ? .empty : .nothingToFind }
        let count = required.count + excluded.count + authors.count + places.count
        guard count <= Self.maxTerms else { throw .tooManyTerms(count) }
    }

    /// The FTS5 expression for the text terms, matched in `column`: each term is a quoted
    /// string (a quote inside is doubled), so no operator, column name or bracket the user typed
    /// means anything to FTS5.
    public func matchExpression(column: String) -> String {
        var parts = required.map { "\(column):\(Self.fts($0))" }.joined(separator: " AND ")
        for term in excluded { parts += " NOT \(column):\(Self.fts(term))" }
        return parts
    }

    /// Every term's text, for telling where a result matched.
    public var highlightedWords: [String] {
        required.map {
            switch $0 {
            case let .word(w), let .prefix(w), let .phrase(w): w
            }
        }
    }

    private static func fts(_ term: Term) -> String {
        switch term {
        case let .word(text), let .phrase(text): quoted(SearchText.indexable(text))
        case let .prefix(text): quoted(SearchText.indexable(text)) + "*"
        }
    }

    private static func quoted(_ text: String) -> String {
        "\"" + text.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") + "\""
    }

    /// A term with at least one letter or digit, or nil (punctuation alone matches nothing).
    private static func searchable(_ term: Term) -> Term? {
        switch term {
        case let .word(text), let .phrase(text), let .prefix(text):
            text.unicodeScalars.contains(where: SearchText.isWordScalar) ? term : nil
        }
    }

    private enum Token {
        case term(Term, negated: Bool)
        case filter(key: String, value: String)
    }

    private static func tokens(of text: String) -> [Token] {
        var tokens: [Token] = []
        var rest = Substring(text)
        while let start = rest.firstIndex(where: { !$0.isWhitespace }) {
            rest = rest[start...]
            let negated = rest.first == "-" && rest.count > 1
            if negated { rest = rest.dropFirst() }
            if rest.first == "\"" {
                let body = rest.dropFirst()
                let end = body.firstIndex(of: "\"") ?? body.endIndex
                tokens.append(.term(.phrase(String(body[..<end])), negated: negated))
                rest = end == body.endIndex ? body[end...] : body[body.index(after: end)...]
                continue
            }
            let end = rest.firstIndex(where: \.isWhitespace) ?? rest.endIndex
            let word = String(rest[..<end])
            rest = rest[end...]
            if !negated, let colon = word.firstIndex(of: ":"), colon != word.startIndex,
               case let key = word[..<colon].lowercased(), ["from", "in"].contains(key),
               word.index(after: colon) != word.endIndex {
                tokens.append(.filter(key: key, value: String(word[word.index(after: colon)...])))
            } else if word.count > 1, word.hasSuffix("*") {
                tokens.append(.term(.prefix(String(word.dropLast())), negated: negated))
            } else {
                tokens.append(.term(.word(word), negated: negated))
            }
        }
        return tokens
    }
}

/// Why a search was refused.
public enum SearchQueryError: Error, Hashable, Sendable {
    /// Nothing to search for.
    case empty
    /// Only words to leave out or filters: say what to find.
    case nothingToFind
    /// Longer than ``SearchQuery/maxBytes``.
    case tooLong(bytes: Int)
    /// More than ``SearchQuery/maxTerms`` terms and filters.
    case tooManyTerms(Int)

    /// A sentence for the user.
    public var message: String {
        switch self {
        case .empty: "search for what? e.g. /search deploy from:bob"
        case .nothingToFind: "say what to find as well: -word and from:/in: only narrow a search"
        case let .tooLong(bytes): "that search is \(bytes) bytes; at most \(SearchQuery.maxBytes)"
        case let .tooManyTerms(count): "that search has \(count) words and filters; at most \(SearchQuery.maxTerms)"
        }
    }
}
