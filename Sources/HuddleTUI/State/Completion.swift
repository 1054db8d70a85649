/// Tab completion in the input line: what can complete the word before the cursor, and
/// which candidate is shown now. Commands, nicknames (after `/msg`, `/send`, `/verify`,
/// `/block`, and as `@mentions`), channels (`#…`, `/join`) and note names (`/note`).
public struct Completion: Equatable, Sendable {
    /// Where the completed word starts in the input line.
    public var start: Int
    /// The candidates, in order, each as it replaces the word.
    public var candidates: [String]
    /// The candidate in the line now.
    public var index: Int

    /// The candidates for the word before the cursor of `input`, or nil if there are none.
    static func candidates(for input: LineEditor, in state: TUIState) -> Completion? {
        let (start, word) = input.wordBeforeCursor
        let before = input.characters[..<start].split(separator: " ").map { String($0) }
        let command = input.text.hasPrefix("/") ? before.first.map { String($0.dropFirst()) } : nil
        var pool: [String]
        if word.hasPrefix("/") && before.isEmpty {
            pool = Command.all.map { "/" + $0.name + " " }
        } else if word.hasPrefix("@") {
            pool = state.peers.map { "@" + $0.nickname + (command == "join" ? " " : "") }
        } else if word.hasPrefix("#") {
            pool = state.channels.map(\.name).filter { $0.hasPrefix("#") }.map { $0 + " " }
        } else if let command, before.count == 1, ["msg", "send", "verify", "block"].contains(command) {
            pool = state.peers.map { $0.nickname + " " }
        } else if let command, before.count >= 1, command == "note" {
            pool = state.notes.map(\.name)
        } else if let command, before.count >= 2, command == "send" {
            return nil // file paths: listed by the app (see `complete`)
        } else if let command, before.count == 1, command == "join" {
            pool = state.channels.map { $0.name + " " }
        } else if before.isEmpty, !word.isEmpty, input.cursor == start + word.count {
            pool = state.peers.map { $0.nickname + ": " } // a line that starts with a name addresses that teammate
        } else {
            return nil
        }
        let lowered = word.lowercased()
        let matches = Array(Set(pool)).sorted().filter { $0.lowercased().hasPrefix(lowered) && $0 != word }
        guard !matches.isEmpty else { return nil }
        return Completion(start: start, candidates: matches, index: 0)
    }
}

/// Tab in the input line with text: completes the word before the cursor, and cycles on
/// repeated Tabs, showing the candidates. Nil when there is nothing to complete: Tab then
/// moves the focus, as on an empty line.
func complete(_ state: inout TUIState, backwards: Bool) -> [Effect]? {
    guard state.focus == .chat, state.editor == nil, !state.input.text.isEmpty else { return nil }
    if var completion = state.completion {
        completion.index = (completion.index + (backwards ? completion.candidates.count - 1 : 1)) % completion.candidates.count
        state.input.replaceBeforeCursor(from: completion.start, with: completion.candidates[completion.index])
        state.completion = completion
    } else {
        guard let completion = Completion.candidates(for: state.input, in: state) else {
            let before = state.input.characters[..<state.input.wordBeforeCursor.start].split(separator: " ")
            if state.input.text.hasPrefix("/send "), before.count >= 2 {
                return [.completePath(word: state.input.wordBeforeCursor.text)]
            }
            return nil
        }
        state.input.replaceBeforeCursor(from: completion.start, with: completion.candidates[0])
        state.completion = completion.candidates.count > 1 ? completion : nil
    }
    if let completion = state.completion {
        let shown = completion.candidates.enumerated().map { $0.offset == completion.index ? "[\($0.element.trimmingCharacters(in: .whitespaces))]" : $0.element.trimmingCharacters(in: .whitespaces) }
        state.status = StatusMessage("Tab: " + shown.joined(separator: "  "))
    }
    return []
}

/// The files the app listed for a path being completed: used if the word is still the same.
func completePaths(word: String, candidates: [String], _ state: inout TUIState) {
    guard state.input.wordBeforeCursor.text == word else { return }
    guard !candidates.isEmpty else {
        state.status = StatusMessage("no file starts with \(word.isEmpty ? "that" : word)")
        return
    }
    let completion = Completion(start: state.input.wordBeforeCursor.start, candidates: candidates, index: 0)
    state.input.replaceBeforeCursor(from: completion.start, with: candidates[0])
    state.completion = candidates.count > 1 ? completion : nil
    if candidates.count > 1 {
        state.status = StatusMessage("Tab: " + candidates.prefix(12).map { ($0 as String).trimmingCharacters(in: .whitespaces) }.joined(separator: "  "))
    }
}
