import HuddleCore

/// Teammates' carets (and selection starts) in notes, as their presence messages said.
struct TeammateCarets: Sendable {
    private var carets: [DocumentID: [PeerID: (caret: Anchor, selectionStart: Anchor?)]] = [:]

    /// Sets (or, with nil, removes) `peer`'s caret in `document`.
    mutating func set(_ caret: Anchor?, selectionStart: Anchor?, of peer: PeerID, in document: DocumentID) {
        if let caret {
            carets[document, default: [:]][peer] = (caret, selectionStart)
        } else {
            carets[document]?[peer] = nil
            if carets[document]?.isEmpty == true { carets[document] = nil }
        }
    }

    /// Removes every caret of `peer`; returns the documents it had one in.
    mutating func forget(_ peer: PeerID) -> [DocumentID] {
        let documents = carets.filter { $0.value[peer] != nil }.map(\.key)
        for document in documents { set(nil, selectionStart: nil, of: peer, in: document) }
        return documents
    }

    /// The carets in `document`.
    func carets(in document: DocumentID) -> [PeerID: (caret: Anchor, selectionStart: Anchor?)] {
        carets[document] ?? [:]
    }
}
