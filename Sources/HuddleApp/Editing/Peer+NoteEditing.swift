import Foundation
import HuddleCore

extension Peer {
    /// Opens the note `name` for editing by `client` (`create`: made if missing): its text and
    /// the client's caret (at the end the first time). Later changes arrive as `.noteChanged`
    /// events.
    public func openNote(_ name: String, create: Bool = false, workspace: String? = nil, client: EditorClient = .screen) throws(PeerError) -> NoteView {
        let documentID = try noteID(name, workspace: workspace)
        try checkOpen(documentID)
        if sync.replicas[documentID] == nil {
            guard create else { throw .noSuchDocument(name) }
            perform(try sync.create(documentID))
        }
        guard let note = sync.replicas[documentID]?.note else { throw .noSuchDocument(name) }
        if editors[client, documentID] == nil { editors[client, documentID] = EditorSession(caret: note.anchor(at: note.count)) }
        announceCaret(in: documentID)
        return NoteView(document: documentID, name: documentID.name ?? name, text: note.text,
                        caret: caret(of: client, in: documentID) ?? note.count, others: others(in: documentID))
    }

    /// Stops tracking `client`'s caret in a note.
    public func closeNote(_ document: DocumentID, client: EditorClient = .screen) {
        editors[client, document] = nil
        announceCaret(in: document)
    }

    /// Types, deletes or moves `client`'s caret in an open note: one signed change per edit,
    /// stored before the update is sent.
    public func noteInput(_ document: DocumentID, _ input: NoteInput, client: EditorClient = .screen) throws(PeerError) {
        guard let note = sync.replicas[document]?.note, var session = editors[client, document] else {
            throw .noSuchDocument(document.description)
        }
        let at = note.position(of: session.caret) ?? note.count
        switch input {
        case let .type(text):
            guard !text.isEmpty else { return }
            try edit(document, [NoteEdit(replacing: at..<at, with: text)])
            let count = text.unicodeScalars.count
            let typed = sync.replicas[document]!.note!
            session.history.recordTyping((at..<(at + count)).map { typed.anchor(at: $0, side: .before) },
                                         wordEnds: text.contains { $0.isWhitespace })
            session.caret = typed.anchor(at: at + count)
        case .deleteBackward:
            guard at > 0 else { return }
            let removed = note.removal(at: at - 1)
            try edit(document, [NoteEdit(replacing: (at - 1)..<at, with: "")])
            session.history.record(.deleted([removed]))
            session.caret = sync.replicas[document]!.note!.anchor(at: at - 1)
        case .deleteForward:
            guard at < note.count else { return }
            let removed = note.removal(at: at)
            try edit(document, [NoteEdit(replacing: at..<(at + 1), with: "")])
            session.history.record(.deleted([removed]))
            session.caret = sync.replicas[document]!.note!.anchor(at: at)
        case let .moveCaret(offset):
            session.caret = note.anchor(at: min(max(0, offset), note.count))
            session.history.sealed = true
        case let .selectFrom(start):
            session.selectionStart = start.map { note.anchor(at: min(max(0, $0), note.count), side: .before) }
        case let .deleteRange(range):
            let range = max(0, range.lowerBound)..<min(note.count, range.upperBound)
            guard !range.isEmpty else { return }
            let removed = range.map { note.removal(at: $0) }
            try edit(document, [NoteEdit(replacing: range, with: "")])
            session.history.record(.deleted(removed))
            session.caret = sync.replicas[document]!.note!.anchor(at: range.lowerBound)
        case .undo:
            guard let step = session.history.undo.popLast() else { return }
            let (inverse, caret) = try revert(step, in: document)
            session.history.redo.append(inverse)
            if let caret { session.caret = sync.replicas[document]!.note!.anchor(at: caret) }
        case .redo:
            guard let step = session.history.redo.popLast() else { return }
            let (inverse, caret) = try revert(step, in: document)
            session.history.undo.append(inverse)
            session.history.sealed = true
            if let caret { session.caret = sync.replicas[document]!.note!.anchor(at: caret) }
        }
        editors[client, document] = session
        // The carets' final places (the edit's own update may have carried the old ones).
        noteChanged(document, patches: [], editor: profile.config.nickname)
        announceCaret(in: document)
    }

    /// Reports a change to a note, with the carets of every client that has it open.
    func noteChanged(_ document: DocumentID, patches: [TextPatch], editor: String) {
        var carets: [EditorClient: Int] = [:]
        for (client, _) in editors.clients(of: document) { carets[client] = caret(of: client, in: document) }
        bus.yield(.noteChanged(NoteUpdate(document: document, editor: editor, patches: patches,
                                          carets: carets, others: others(in: document))))
    }

    /// Tells every peer that may see the note where this peer's caret is (the client that
    /// acted last), or that it closed the note.
    func announceCaret(in document: DocumentID) {
        let shown = editors.shown(in: document)
        perform(sync.presence(in: document, caret: shown?.caret, selectionStart: shown?.selectionStart))
    }

    /// Teammates' carets in `document`, where this peer's copy has their characters.
    func others(in document: DocumentID) -> [RemoteCaret] {
        guard let note = sync.replicas[document]?.note else { return [] }
        return sync.carets.carets(in: document).compactMap { peer, entry in
            guard let offset = note.position(of: entry.caret) else { return nil }
            let start = entry.selectionStart.flatMap { note.position(of: $0) }
            let selection = start.flatMap { $0 == offset ? nil : min($0, offset)..<max($0, offset) }
            return RemoteCaret(nickname: nickname(of: peer), shortID: peer.short, offset: offset, selection: selection)
        }.sorted { ($0.nickname, $0.shortID) < ($1.nickname, $1.shortID) }
    }

    /// Where `client`'s caret is in `document`, as a scalar offset.
    func caret(of client: EditorClient, in document: DocumentID) -> Int? {
        guard let session = editors[client, document], let note = sync.replicas[document]?.note else { return nil }
        return note.position(of: session.caret)
    }

    /// Takes back `step`; returns the step that takes this back (for redo or undo) and where
    /// the caret goes.
    func revert(_ step: UndoStep, in document: DocumentID) throws(PeerError) -> (UndoStep, Int?) {
        guard let note = sync.replicas[document]?.note else { throw .noSuchDocument(document.description) }
        switch step {
        case let .inserted(anchors):
            // Only characters still there: a teammate may have deleted some already.
            let present = anchors.compactMap { anchor in
                note.presentOffset(of: anchor).map { (text: note.scalars(in: $0..<($0 + 1)), at: anchor, offset: $0) }
            }
            guard !present.isEmpty else { return (.deleted([]), nil) }
            try edit(document, present.sorted { $0.offset > $1.offset }.map { NoteEdit(replacing: $0.offset..<($0.offset + 1), with: "") })
            return (.deleted(present.map { ($0.text, $0.at) }), present.map(\.offset).min())
        case let .deleted(items):
            // Deleted neighbours all sit at one offset now: keep their order (index breaks ties).
            let placed = items.enumerated().compactMap { index, item in
                note.position(of: item.at).map { (text: item.text, offset: $0, index: index) }
            }.sorted { ($0.offset, $0.index) < ($1.offset, $1.index) }
            guard !placed.isEmpty else { return (.inserted([]), nil) }
            // Insert from the end so earlier offsets stay right; then each lands shifted by
            // what was inserted before it.
            try edit(document, placed.reversed().map { NoteEdit(replacing: $0.offset..<$0.offset, with: $0.text) })
            guard let after = sync.replicas[document]?.note else { return (.inserted([]), nil) }
            var shift = 0
            var anchors: [Anchor] = []
            var end = 0
            for item in placed {
                let start = item.offset + shift
                let length = item.text.unicodeScalars.count
                anchors += (start..<(start + length)).map { after.anchor(at: $0, side: .before) }
                shift += length
                end = start + length
            }
            return (.inserted(anchors), end)
        }
    }
}
