import HuddleApp
import HuddleCore

/// Keys while a note is open and the editor has the focus. Typing and deleting go to the peer
/// (it edits at your caret and sends back what changed); moves update the caret here at once
/// and tell the peer. Nil: the key is not the editor's.
func handleEditorKey(_ key: Key, _ state: inout TUIState) -> [Effect]? {
    guard var editor = state.editor, state.focus == .chat, !state.showsHelp else { return nil }
    let document = editor.document
    var effects: [Effect] = []
    let selectedBefore = editor.selectionStart
    func move(to offset: Int, selecting: Bool = false) {
        if selecting { editor.selectionStart = editor.selectionStart ?? editor.caret } else { editor.selectionStart = nil }
        editor.caret = offset
        effects.append(.peer(.noteInput(document: document, .moveCaret(offset))))
    }
    /// Typing or deleting replaces the selection: it goes first.
    func replaceSelection() -> Bool {
        guard let selected = editor.selection else { return false }
        effects.append(.peer(.noteInput(document: document, .deleteRange(selected))))
        editor.caret = selected.lowerBound
        editor.selectionStart = nil
        return true
    }
    func selectedText() -> String? {
        editor.selection.map { String(String.UnicodeScalarView(editor.scalars[$0])) }
    }
    let page = max(1, Layout(size: state.size).chat.content.height - 1)
    switch key {
    case .escape:
        state.editor = nil
        state.status = StatusMessage("closed \(editor.name)")
        return [.peer(.closeNote(document: document))]
    case let .character(character):
        _ = replaceSelection()
        effects.append(.peer(.noteInput(document: document, .type(String(character)))))
    case let .paste(text):
        _ = replaceSelection()
        effects.append(.peer(.noteInput(document: document, .type(text))))
    case .enter:
        _ = replaceSelection()
        effects.append(.peer(.noteInput(document: document, .type("\n"))))
    case .backspace:
        if !replaceSelection() { effects.append(.peer(.noteInput(document: document, .deleteBackward))) }
    case .delete:
        if !replaceSelection() { effects.append(.peer(.noteInput(document: document, .deleteForward))) }
    case .shiftLeft: move(to: editor.caret(movedBy: -1), selecting: true)
    case .shiftRight: move(to: editor.caret(movedBy: 1), selecting: true)
    case .shiftUp: move(to: editor.caret(movedLines: -1), selecting: true)
    case .shiftDown: move(to: editor.caret(movedLines: 1), selecting: true)
    case .control("k"):
        guard let text = selectedText() else { return [] }
        state.clipboard = text
        state.status = StatusMessage("copied \(text.unicodeScalars.count) characters")
    case .control("x"):
        guard let text = selectedText() else { return [] }
        state.clipboard = text
        _ = replaceSelection()
    case .control("y"):
        guard !state.clipboard.isEmpty else { return [] }
        _ = replaceSelection()
        effects.append(.peer(.noteInput(document: document, .type(state.clipboard))))
    case .wordLeft, .alt("b"): move(to: editor.caret(movedByWord: -1))
    case .wordRight, .alt("f"): move(to: editor.caret(movedByWord: 1))
    case .left: move(to: editor.caret(movedBy: -1))
    case .right: move(to: editor.caret(movedBy: 1))
    case .up: move(to: editor.caret(movedLines: -1))
    case .down: move(to: editor.caret(movedLines: 1))
    case .pageUp: move(to: editor.caret(movedLines: -page))
    case .pageDown: move(to: editor.caret(movedLines: page))
    case .function(4):
        let workspace = editor.document.workspace.flatMap { $0 == .lan ? nil : $0.description }
        return [.peer(.beginExternalEdit(name: editor.name, workspace: workspace))]
    case .control("u"):
        effects.append(.peer(.noteInput(document: document, .undo)))
    case .control("r"):
        effects.append(.peer(.noteInput(document: document, .redo)))
    case .home, .control("a"): move(to: editor.caretAtLineEdge(end: false))
    case .end, .control("e"): move(to: editor.caretAtLineEdge(end: true))
    default:
        return nil
    }
    // Teammates see your selection: say where it starts (or that it ended) when that changes.
    if editor.selectionStart != selectedBefore {
        effects.insert(.peer(.noteInput(document: document, .selectFrom(editor.selectionStart))), at: 0)
    }
    state.editor = editor
    keepCaretVisible(&state)
    return effects
}

/// A note was opened: the editor takes the chat pane.
func open(_ view: NoteView, _ state: inout TUIState) {
    state.editor = NoteEditorState(view)
    state.noteActivity[view.document] = nil
    state.focus = .chat
    state.status = StatusMessage("\(view.name): type to edit, every key is saved and sent; Esc closes")
    keepCaretVisible(&state)
}

/// A note changed: mirror the patches, take the caret the peer reports.
func update(_ update: NoteUpdate, _ state: inout TUIState) {
    guard var editor = state.editor, editor.document == update.document else {
        // A teammate changed a note you do not have open: it shows in the activity line.
        if !update.patches.isEmpty, update.editor != state.nickname { state.noteActivity[update.document, default: 0] += 1 }
        return
    }
    for patch in update.patches { editor.apply(patch) }
    if let caret = update.caret(of: .screen) { editor.caret = min(max(0, caret), editor.scalars.count) }
    if !update.patches.isEmpty { editor.lastEditor = update.editor }
    editor.others = update.others
    state.editor = editor
    keepCaretVisible(&state)
}

/// Scrolls so that the caret's line is in the pane: up to it if it is above, else down just
/// enough that the rows from the top line to it fit (looking at no more lines than fit).
func keepCaretVisible(_ state: inout TUIState) {
    guard var editor = state.editor else { return }
    let area = Layout(size: state.size).chat.content
    let line = editor.line(of: editor.caret)
    if line < editor.topLine {
        editor.topLine = line
    } else {
        // Every line takes at least one row, so a top line further up than the pane's height
        // cannot fit; from the caret's line, climb while the rows still fit.
        editor.topLine = max(editor.topLine, line - area.height + 1)
        var first = line
        var rows = EditorLayout.rows(of: editor, line: line, width: area.width, widths: state.widths).count
        while first > editor.topLine {
            let above = EditorLayout.rows(of: editor, line: first - 1, width: area.width, widths: state.widths).count
            guard rows + above <= area.height else { break }
            rows += above
            first -= 1
        }
        editor.topLine = first
    }
    state.editor = editor
}
