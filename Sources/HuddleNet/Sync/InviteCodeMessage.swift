import Foundation
import HuddleCore

/// One step of joining a workspace by invite code (docs/protocol.md §5.7), checked: every
/// nonce, share and proof has its exact length, the nameplate is in range.
public enum InviteCodeMessage: Sendable, Equatable {
    /// Joiner to every peer it has a session with: "who holds this code number?", and the
    /// joiner's nonce for the run.
    case start(nameplate: UInt16, nonce: [UInt8])
    /// Inviter to joiner: its nonce and share for the run.
    case reply(nameplate: UInt16, nonce: [UInt8], share: [UInt8])
    /// Joiner to inviter: its share and its proof of the key.
    case finish(nameplate: UInt16, share: [UInt8], confirmation: [UInt8])
    /// Inviter to joiner: how the run ended.
    case result(nameplate: UInt16, outcome: InviteCodeOutcome)

    /// The code number the step is about.
    public var nameplate: UInt16 {
        switch self {
        case let .start(nameplate, _), let .reply(nameplate, _, _), let .finish(nameplate, _, _), let .result(nameplate, _): nameplate
        }
    }
}

/// How the inviter ended a run of the invite-code exchange.
public enum InviteCodeOutcome: Sendable, Equatable {
    /// The joiner's proof matched: it is a member of `workspace` now; `confirmation` is the
    /// inviter's own proof.
    case accepted(confirmation: [UInt8], workspace: WorkspaceID)
    /// The joiner's proof did not match: the code is burnt.
    case wrongCode
    /// The inviter holds no live code with that number.
    case unknownCode
    /// Another run of that code is under way.
    case busy
    /// The proof matched, but the inviter can no longer add members to the workspace.
    case refused
}

extension InviteCodeMessage {
    /// Reads the wire form, refusing lengths and numbers out of bounds.
    init(_ message: Huddle_V1_InviteCode) throws(SyncMessageError) {
        guard message.nameplate >= 1, message.nameplate <= UInt32(InviteCode.maxNameplate) else { throw .badInviteCode }
        let nameplate = UInt16(message.nameplate)
        func exact(_ data: some Collection<UInt8>, _ count: Int) throws(SyncMessageError) -> [UInt8] {
            guard data.count == count else { throw .badInviteCode }
            return Array(data)
        }
        switch message.step {
        case .start:
            self = .start(nameplate: nameplate, nonce: try exact(message.nonce, CodeExchange.nonceBytes))
        case .reply:
            self = .reply(nameplate: nameplate, nonce: try exact(message.nonce, CodeExchange.nonceBytes),
                          share: try exact(message.share, CodeExchange.shareBytes))
        case .finish:
            self = .finish(nameplate: nameplate, share: try exact(message.share, CodeExchange.shareBytes),
                           confirmation: try exact(message.confirmation, CodeExchange.confirmationBytes))
        case .result:
            let outcome: InviteCodeOutcome
            switch message.outcome {
            case .accepted:
                guard let workspace = WorkspaceID(parsing: message.workspace) else { throw .badInviteCode }
                outcome = .accepted(confirmation: try exact(message.confirmation, CodeExchange.confirmationBytes), workspace: workspace)
            case .wrongCode: outcome = .wrongCode
            case .unknownCode: outcome = .unknownCode
            case .busy: outcome = .busy
            case .refused: outcome = .refused
            case .unspecified, .UNRECOGNIZED: throw .badInviteCode
            }
            self = .result(nameplate: nameplate, outcome: outcome)
        case .unspecified, .UNRECOGNIZED:
            throw .unknownKind
        }
    }

    /// The wire form.
    var wire: Huddle_V1_InviteCode {
        Huddle_V1_InviteCode.with { message in
            message.nameplate = UInt32(nameplate)
            switch self {
            case let .start(_, nonce):
                message.step = .start
                message.nonce = Data(nonce)
            case let .reply(_, nonce, share):
                message.step = .reply
                message.nonce = Data(nonce)
                message.share = Data(share)
            case let .finish(_, share, confirmation):
                message.step = .finish
                message.share = Data(share)
                message.confirmation = Data(confirmation)
            case let .result(_, outcome):
                message.step = .result
                switch outcome {
                case let .accepted(confirmation, workspace):
                    message.outcome = .accepted
                    message.confirmation = Data(confirmation)
                    message.workspace = workspace.description
                case .wrongCode: message.outcome = .wrongCode
                case .unknownCode: message.outcome = .unknownCode
                case .busy: message.outcome = .busy
                case .refused: message.outcome = .refused
                }
            }
        }
    }
}
