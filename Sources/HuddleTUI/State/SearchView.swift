import HuddleApp
import HuddleCore

/// What `/search` found, shown in the chat pane in place of the chat until Esc: Up and Down
/// pick a result, Enter opens it (the chat with the message picked, or the note at its line).
public struct SearchView: Equatable, Sendable {
    /// The words searched for, as typed.
    public var query: String
    /// The results, newest first.
    public var results: [SearchRow]
    /// The picked result.
    public var selection = 0

    /// A view of `results` for `query`, the first picked.
    public init(query: String, results: [SearchRow]) {
        self.query = query
        self.results = results
    }
}

/// One result as the chat pane lists it.
public struct SearchRow: Equatable, Sendable {
    /// Where it is: `#general`, `@bob`, a note's name (from peers: sanitised when drawn).
    public var place: String
    /// Who wrote a message (empty for a note).
    public var nickname: String
    /// When, as shown (`Dec 07 14:05`), or `line 12` for a note.
    public var when: String
    /// The text around the match.
    public var excerpt: [SearchExcerptPart]
    /// Where Enter goes.
    public var target: Target

    /// Where a result leads.
    public enum Target: Equatable, Sendable {
        /// A message (by its ID as lists show it) in a chat.
        case message(document: DocumentID, id: String)
        /// A line (from 1) of a note.
        case note(document: DocumentID, line: Int)
    }

    /// A row from its parts.
    public init(place: String, nickname: String, when: String, excerpt: [SearchExcerptPart], target: Target) {
        self.place = place
        self.nickname = nickname
        self.when = when
        self.excerpt = excerpt
        self.target = target
    }
}

/// Keys while search results are shown and the input line is empty: Up and Down pick, Enter
/// opens, Esc closes. Other keys fall through (nil): typing goes to the input line.
func handleSearchKey(_ key: Key, _ state: inout TUIState) -> [Effect]? {
    guard var view = state.search, state.input.text.isEmpty, state.composing == nil else { return nil }
    switch key {
    case .up, .down:
        step(&view.selection, key == .up ? -1 : 1, count: view.results.count)
        state.search = view
    case .escape:
        state.search = nil
        state.status = nil
    case .enter:
        guard view.results.indices.contains(view.selection) else {
            state.search = nil
            return []
        }
        state.search = nil
        state.status = nil
        switch view.results[view.selection].target {
        case let .message(document, id): return [.peer(.openMessage(document: document, id: id))]
        case let .note(document, line): return [.peer(.openNoteAt(document: document, line: line))]
        }
    default:
        return nil
    }
    return []
}
