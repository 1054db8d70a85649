import Foundation
import HuddleCore
import HuddleNet

extension Peer {
    /// Opens the note `name` for editing (`create`: made if missing): its text and your caret
    /// (at the end the first time). Later changes arrive as `.noteChanged` events.
    public func openNote(_ name: String, create: Bool = false) throws(PeerError) -> NoteView {
        let documentID: DocumentID
        do { documentID = try .note(name) } catch { throw .badName(error) }
        let key = documentID.description
        if replicas[key] == nil {
            guard create else { throw .noSuchDocument(name) }
            try self.create(documentID)
        }
        guard let note = replicas[key]?.note else { throw .noSuchDocument(name) }
        if carets[key] == nil { carets[key] = note.anchor(at: note.count) }
        announceCaret(in: key)
        return NoteView(document: key, name: name, text: note.text, caret: caret(in: key) ?? note.count, others: others(in: key))
    }

    /// Stops tracking your caret in a note.
    public func closeNote(_ document: String) {
        carets[document] = nil
        selectionStarts[document] = nil
        announceCaret(in: document)
    }

    /// Types, deletes or moves the caret in an open note: one signed change per edit, stored
    /// before the update is sent.
    public func noteInput(_ document: String, _ input: NoteInput) throws(PeerError) {
        guard let note = replicas[document]?.note, carets[document] != nil, case let .note(_, name) = replicas[document]!.id else {
            throw .noSuchDocument(document)
        }
        let at = caret(in: document) ?? note.count
        switch input {
        case let .type(text):
            guard !text.isEmpty else { return }
            try editNote(name, edits: [NoteEdit(replacing: at..<at, with: text)])
            setCaret(document, at: at + text.unicodeScalars.count)
            recordTyping(in: document, from: at, count: text.unicodeScalars.count, wordEnds: text.contains { $0.isWhitespace })
        case .deleteBackward:
            guard at > 0 else { return }
            let removed = removal(in: document, at: at - 1)
            try editNote(name, edits: [NoteEdit(replacing: (at - 1)..<at, with: "")])
            setCaret(document, at: at - 1)
            record(.deleted([removed]), in: document)
        case .deleteForward:
            guard at < note.count else { return }
            let removed = removal(in: document, at: at)
            try editNote(name, edits: [NoteEdit(replacing: at..<(at + 1), with: "")])
            setCaret(document, at: at)
            record(.deleted([removed]), in: document)
        case let .moveCaret(offset):
            setCaret(document, at: offset)
            undoHistory[document]?.sealed = true
        case let .selectFrom(start):
            selectionStarts[document] = start.map { note.anchor(at: min(max(0, $0), note.count), side: .before) }
        case let .deleteRange(range):
            let range = max(0, range.lowerBound)..<min(note.count, range.upperBound)
            guard !range.isEmpty else { return }
            let removed = range.map { removal(in: document, at: $0) }
            try editNote(name, edits: [NoteEdit(replacing: range, with: "")])
            setCaret(document, at: range.lowerBound)
            record(.deleted(removed), in: document)
        case .undo:
            guard let step = undoHistory[document]?.undo.popLast() else { return }
            let (inverse, caret) = try revert(step, in: document, name: name)
            undoHistory[document]?.redo.append(inverse)
            if let caret { setCaret(document, at: caret) }
        case .redo:
            guard let step = undoHistory[document]?.redo.popLast() else { return }
            let (inverse, caret) = try revert(step, in: document, name: name)
            undoHistory[document, default: UndoHistory()].undo.append(inverse)
            undoHistory[document]?.sealed = true
            if let caret { setCaret(document, at: caret) }
        }
        // The caret's final place (an edit's own update may have carried the old one).
        noteChanged(document, patches: [], editor: profile.config.nickname)
        announceCaret(in: document)
    }

    /// Reports a change to a note, with the carets if an editor has it open.
    func noteChanged(_ document: String, patches: [TextPatch], editor: String) {
        continuation.yield(.noteChanged(NoteUpdate(document: document, editor: editor, patches: patches,
                                                   caret: caret(in: document), others: others(in: document))))
    }

    // MARK: presence

    /// Tells every peer that may see the note where your caret is (or that you closed it).
    func announceCaret(in document: String) {
        guard let documentID = replicas[document]?.id else { return }
        let caret = carets[document]
        let message = SyncMessage.presence(CaretPresence(document: documentID, caret: caret,
                                                         selectionStart: caret == nil ? nil : selectionStarts[document]))
        for peer in book.known.keys where documentID.isVisible(to: peer) { sessions.send(message, to: peer) }
    }

    /// A teammate's caret moved, or they closed the note.
    func receivePresence(_ message: CaretPresence, from peer: PeerID) {
        let document = message.document.description
        guard !message.document.isChat, message.document.isVisible(to: peer), replicas[document] != nil else { return }
        if let caret = message.caret {
            self.presence[document, default: [:]][peer] = caret
            presenceSelections[document, default: [:]][peer] = message.selectionStart
        } else {
            self.presence[document]?[peer] = nil
            presenceSelections[document]?[peer] = nil
        }
        if carets[document] != nil { noteChanged(document, patches: [], editor: nickname(of: peer)) }
    }

    /// A peer's session ended: its carets go.
    func forgetPresence(of peer: PeerID) {
        for (document, carets) in presence where carets[peer] != nil {
            presence[document]?[peer] = nil
            presenceSelections[document]?[peer] = nil
            if self.carets[document] != nil { noteChanged(document, patches: [], editor: nickname(of: peer)) }
        }
    }

    /// Teammates' carets in `document`, where this peer's copy has their characters.
    func others(in document: String) -> [RemoteCaret] {
        guard let note = replicas[document]?.note else { return [] }
        return (presence[document] ?? [:]).compactMap { peer, anchor in
            guard let offset = note.position(of: anchor) else { return nil }
            let start = presenceSelections[document]?[peer].flatMap { note.position(of: $0) }
            let selection = start.flatMap { $0 == offset ? nil : min($0, offset)..<max($0, offset) }
            return RemoteCaret(nickname: nickname(of: peer), shortID: peer.short, offset: offset, selection: selection)
        }.sorted { ($0.nickname, $0.shortID) < ($1.nickname, $1.shortID) }
    }

    func caret(in document: String) -> Int? {
        guard let anchor = carets[document], let note = replicas[document]?.note else { return nil }
        return note.position(of: anchor)
    }

    func setCaret(_ document: String, at offset: Int) {
        guard let note = replicas[document]?.note else { return }
        carets[document] = note.anchor(at: min(max(0, offset), note.count))
    }
}
