import Foundation
import HuddleCore

extension SyncMessage {
    /// Reads a session envelope's sync message. Entries of a ``SyncState`` that name no valid
    /// document or replica are left out (a newer peer may know more kinds of documents).
    public init(_ envelope: Huddle_V1_Envelope) throws(SyncMessageError) {
        switch envelope.body {
        case let .syncState(state)?:
            var documents: [DocumentState] = []
            for entry in state.documents {
                guard let document = try? DocumentID(parsing: entry.document) else { continue }
                var version = VersionVector()
                for item in entry.version {
                    guard let replica = ReplicaID(bytes: item.replica) else { continue }
                    version[replica] = item.seq
                }
                documents.append(DocumentState(document: document, version: version))
            }
            self = .state(SyncState(documents: documents, complete: state.complete))
        case let .changes(batch)?:
            self = .changes(ChangeBatch(document: try Self.document(batch.document), runs: batch.runs.map { Array($0) }))
        case let .presence(presence)?:
            let document = try Self.document(presence.document)
            guard presence.open else {
                self = .presence(CaretPresence(document: document, caret: nil, selectionStart: nil))
                return
            }
            let caret = Anchor(item: try Self.item(presence.hasItem_p, presence.itemReplica, presence.itemSeq),
                               side: presence.after ? .after : .before)
            var selection: Anchor?
            if presence.hasSelection_p {
                selection = Anchor(item: try Self.item(presence.selectionHasItem, presence.selectionItemReplica,
                                                       presence.selectionItemSeq), side: .before)
            }
            self = .presence(CaretPresence(document: document, caret: caret, selectionStart: selection))
        case let .inviteCode(message)?:
            self = .inviteCode(try InviteCodeMessage(message))
        case let .nameCards(message)?:
            guard message.cards.count <= Self.maxNameCards else { throw .badNameCards(nil) }
            var cards: [NameCard] = []
            for card in message.cards {
                do {
                    cards.append(try NameCard(publicKey: Array(card.publicKey), nickname: card.nickname, issuedAt: card.issuedAt,
                                              signature: Array(card.signature)))
                } catch { throw .badNameCards(error) }
            }
            self = .nameCards(cards)
        case let .status(status)?:
            guard status.text.utf8.count <= Presence.maxTextBytes else { throw .statusTooLong(bytes: status.text.utf8.count) }
            self = .status(Presence(availability: Availability(wireValue: status.availability), text: status.text))
        case let .held(state)?:
            let document = try Self.document(state.document)
            guard document.isChat, !document.isRoster else { throw .typingOutsideChat }
            guard state.version.count <= Self.maxHeldAuthors else { throw .heldTooLarge }
            var version = VersionVector()
            for item in state.version {
                guard let replica = ReplicaID(bytes: item.replica) else { throw .badReplica }
                version[replica] = max(version[replica], item.seq)
            }
            self = .held(DocumentState(document: document, version: version))
        case let .typing(typing)?:
            let document = try Self.document(typing.document)
            guard document.isChat, !document.isRoster else { throw .typingOutsideChat }
            self = .typing(document: document, typing: typing.typing)
        default:
            throw .unknownKind
        }
    }

    /// The envelope that carries this message.
    public var envelope: Huddle_V1_Envelope {
        var envelope = Huddle_V1_Envelope()
        switch self {
        case let .state(state):
            envelope.syncState = Huddle_V1_SyncState.with { message in
                message.complete = state.complete
                message.documents = state.documents.map { document in
                    Huddle_V1_DocumentState.with { entry in
                        entry.document = document.document.description
                        entry.version = document.version.entries.sorted { $0.key < $1.key }.map { item in
                            Huddle_V1_VersionEntry.with { $0.replica = Data(item.key.bytes); $0.seq = item.value }
                        }
                    }
                }
            }
        case let .changes(batch):
            envelope.changes = Huddle_V1_ChangeBatch.with { message in
                message.document = batch.document.description
                message.runs = batch.runs.map { Data($0) }
            }
        case let .presence(presence):
            envelope.presence = Huddle_V1_Presence.with { message in
                message.document = presence.document.description
                guard let caret = presence.caret else { return }
                message.open = true
                message.after = caret.side == .after
                if let item = caret.item {
                    message.hasItem_p = true
                    message.itemReplica = Data(item.replica.bytes)
                    message.itemSeq = item.seq
                }
                if let start = presence.selectionStart {
                    message.hasSelection_p = true
                    if let item = start.item {
                        message.selectionHasItem = true
                        message.selectionItemReplica = Data(item.replica.bytes)
                        message.selectionItemSeq = item.seq
                    }
                }
            }
        case let .inviteCode(message):
            envelope.inviteCode = message.wire
        case let .status(presence):
            envelope.status = Huddle_V1_Status.with {
                $0.availability = presence.availability.wireValue
                $0.text = presence.text
            }
        case let .held(state):
            envelope.held = Huddle_V1_DocumentState.with { entry in
                entry.document = state.document.description
                entry.version = state.version.entries.sorted { $0.key < $1.key }.map { item in
                    Huddle_V1_VersionEntry.with { $0.replica = Data(item.key.bytes); $0.seq = item.value }
                }
            }
        case let .typing(document, typing):
            envelope.typing = Huddle_V1_Typing.with {
                $0.document = document.description
                $0.typing = typing
            }
        case let .nameCards(cards):
            envelope.nameCards = Huddle_V1_NameCards.with { message in
                message.cards = cards.map { card in
                    Huddle_V1_NameCard.with {
                        $0.publicKey = Data(card.publicKey)
                        $0.nickname = card.nickname
                        $0.issuedAt = card.issuedAt
                        $0.signature = Data(card.signature)
                    }
                }
            }
        }
        return envelope
    }

    private static func document(_ text: String) throws(SyncMessageError) -> DocumentID {
        do { return try DocumentID(parsing: text) } catch { throw .badDocument(error) }
    }

    private static func item(_ present: Bool, _ replica: Data, _ seq: UInt64) throws(SyncMessageError) -> ItemID? {
        guard present else { return nil }
        guard let id = ReplicaID(bytes: replica) else { throw .badReplica }
        return ItemID(replica: id, seq: seq)
    }
}

extension SyncMessage {
    /// The size of the envelope this message travels in (tests).
    public func envelopeBytesForTesting() throws -> Int { try envelope.serializedData().count }
}
