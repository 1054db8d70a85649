import Foundation
import HuddleCore
import HuddleNet
import SwiftProtobuf

/// Valid inputs for each target, made with the real encoders from fixed keys, so a corpus
/// saved by one run still means something to the next.
enum FuzzSeeds {
    /// Two authors with fixed keys: ada wrote the base documents, bob the changes to them.
    static let ada = try! DeviceIdentity(rawPrivateKey: [UInt8](repeating: 1, count: 32))
    static let bob = try! DeviceIdentity(rawPrivateKey: [UInt8](repeating: 2, count: 32))

    /// A note holding ada's text.
    static let baseNote: TextDocument = {
        var note = TextDocument(replica: ada.peerID.replicaID)
        try! note.insert(at: 0, text: "Meeting notes: ship on Friday ✅")
        _ = note.commit()
        return note
    }()

    /// A channel holding two of ada's messages.
    static let baseChannel: ChatLog = {
        var channel = ChatLog(replica: ada.peerID.replicaID)
        _ = try! channel.post(body: "hello", wallTime: 1_700_000_000_000)
        _ = try! channel.post(body: "who has the slides?", wallTime: 1_700_000_001_000)
        return channel
    }()

    /// Bob's changes to the base note: typing into ada's text, then deleting some of it.
    static let textChanges: [[UInt8]] = {
        var note = TextDocument(replica: bob.peerID.replicaID)
        _ = try! note.merge(baseNote)
        var changes: [[UInt8]] = []
        try! note.insert(at: 8, text: " (draft)")
        changes.append(note.commit()!.encoded)
        try! note.delete(range: 0..<7)
        try! note.insert(at: 0, text: "日本語 ")
        changes.append(note.commit()!.encoded)
        return changes
    }()

    /// Bob's changes to the base channel: a reply, a reaction, a post, an edit and a delete.
    static let chatChanges: [[UInt8]] = {
        var channel = ChatLog(replica: bob.peerID.replicaID)
        for change in baseChannel.changes(since: VersionVector()) { _ = try! channel.apply(change) }
        let question = channel.messages.last!.id
        var changes = [try! channel.reply(to: question, body: "I do", wallTime: 1_700_000_001_500).encoded,
                       try! channel.react(to: question, emoji: "👍").encoded]
        let post = try! channel.post(body: "me 🙋", wallTime: 1_700_000_002_000)
        changes.append(post.encoded)
        let mine = channel.messages.last!.id
        changes.append(try! channel.edit(mine, body: "me, slides attached", wallTime: 1_700_000_003_000).encoded)
        changes.append(try! channel.delete(mine).encoded)
        return changes
    }()

    /// Each of bob's text changes signed as a run, the whole chain as one run.
    static let runs: [[UInt8]] = {
        var previous = ChainLink.origin
        var entries: [ChangeRun.Entry] = []
        for change in textChanges {
            let signed = try! SignedChange(signing: change, in: ChangeTargets.document, after: previous, by: bob)
            previous = signed.link(after: previous)
            entries.append(.init(change: signed.change, signature: signed.signature))
        }
        return [ChangeRun(authorKey: bob.publicKey, entries: Array(entries.prefix(1))).encoded(),
                ChangeRun(authorKey: bob.publicKey, entries: entries).encoded()]
    }()

    /// Session streams: a SyncState, a batch of runs, a caret, invite-code steps, a name card,
    /// and all of them in one stream.
    static let envelopes: [[UInt8]] = {
        let plan = try! DocumentID(parsing: ChangeTargets.document)
        var version = VersionVector()
        version[ada.peerID.replicaID] = 3
        let messages: [SyncMessage] = [
            .state(SyncState(documents: [DocumentState(document: .general, version: version)], complete: true)),
            .changes(ChangeBatch(document: plan, runs: runs)),
            .presence(CaretPresence(document: plan,
                                    caret: Anchor(item: ItemID(replica: ada.peerID.replicaID, seq: 2), side: .after),
                                    selectionStart: Anchor(item: nil, side: .before))),
            .inviteCode(.reply(nameplate: 7, nonce: Array(repeating: 1, count: 16), share: Array(repeating: 2, count: 32))),
            .inviteCode(.result(nameplate: 999, outcome: .accepted(confirmation: Array(repeating: 3, count: 32),
                                                                   workspace: WorkspaceID(creator: ada.peerID, nonce: Array(repeating: 4, count: 16))))),
            .nameCards([try! NameCard(signing: "ada", by: ada, at: 1_796_000_000_000)]),
            .status(Presence(availability: .away, text: "lunch, back at 2 🍜")),
            .typing(document: .general, typing: true),
            .held(DocumentState(document: .general, version: version)),
        ]
        let frames = messages.map { frame(try! $0.envelope.serializedBytes()) }
        return frames + [frames.flatMap { $0 }]
    }()

    /// Transfer streams: an offer, then an accept and a chunk with its data.
    static let transferStreams: [[UInt8]] = {
        var random = SplitMix64(seed: 7)
        let offer = try! TransferOffer.make(id: .random(using: &random),
                                            files: [("report.pdf", 70_000, false), ("photos/été 🌅.jpg", 10, true)],
                                            chunkSize: 64 << 10, limits: .standard)
        let offerFrame = Huddle_Transfer_V1_Frame.with { $0.offer = offer.wire(nickname: "bob", expiresIn: 600, resume: false) }
        let accept = Huddle_Transfer_V1_Frame.with { $0.accept = .with { $0.filesDone = 0 } }
        let chunk = Huddle_Transfer_V1_Frame.with { $0.chunk = .with { $0.length = 5 } }
        let stream = [offerFrame, accept, chunk].map { frame(try! $0.serializedBytes()) }
        return [stream[0], stream[1] + stream[2] + Array("bytes".utf8)]
    }()

    /// An announcement of a huddle peer, and a query with a known answer.
    static let dnsPackets: [[UInt8]] = {
        let service = DNSName("_huddle._tcp.local.")!
        let instance = DNSName(instance: "ada's laptop", service: service)!
        let host = DNSName("ada-laptop.local.")!
        let ptr = DNSRecord(name: service, data: .ptr(instance), ttl: 4500)
        let announcement = DNSMessage.response(answers: [
            ptr,
            DNSRecord(name: instance, data: .srv(priority: 0, weight: 0, port: 47_000, target: host), ttl: 120, cacheFlush: true),
            DNSRecord(name: instance, data: .txt([Array("id=\(ada.peerID)".utf8), Array("v=1".utf8)]), ttl: 4500, cacheFlush: true),
        ], additionals: [
            DNSRecord(name: host, data: .a([192, 168, 7, 2]), ttl: 120, cacheFlush: true),
            DNSRecord(name: instance, data: .nsec(next: instance, types: [16, 33]), ttl: 120, cacheFlush: true),
        ])
        let query = DNSMessage.query([DNSQuestion(name: service, type: .ptr)], knownAnswers: [ptr])
        return [announcement.encoded(), query.encoded()]
    }()

    /// `body` behind its 4-byte big-endian length.
    static func frame(_ body: [UInt8]) -> [UInt8] {
        withUnsafeBytes(of: UInt32(body.count).bigEndian, Array.init) + body
    }
}
