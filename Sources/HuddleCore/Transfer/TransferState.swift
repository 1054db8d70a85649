/// Where a transfer is, the same values on both sides. Changed only through
/// ``apply(_:)``, which refuses transitions that make no sense (a done transfer cannot fail).
public enum TransferState: Hashable, Sendable {
    /// Offered; waiting for the receiver's answer.
    case offered
    /// Accepted; no data yet.
    case accepted
    /// The receiver said no (or the offer was refused for a reason, e.g. a bad name).
    case rejected(reason: String)
    /// Nobody answered in time.
    case expired
    /// Data flowing.
    case transferring(TransferProgress)
    /// The connection was cut; it can resume from the verified prefix.
    case interrupted(TransferProgress)
    /// Every file arrived and verified.
    case done
    /// Stopped for good by an error (a hash mismatch, a full disk, a hostile peer).
    case failed(reason: String)
    /// Either side cancelled; partial files are removed.
    case cancelled

    /// What can happen to a transfer.
    public enum Transition: Hashable, Sendable {
        case accept, reject(String), expire, progress(TransferProgress), interrupt, finish, fail(String), cancel
    }

    /// Whether nothing more can happen.
    public var isFinal: Bool { kind.isFinal }

    /// The progress if data has flowed.
    public var progress: TransferProgress? {
        switch self {
        case let .transferring(progress), let .interrupted(progress): progress
        default: nil
        }
    }

    /// Which of the states it is, without its details: for lists, JSON and comparisons.
    public enum Kind: String, Hashable, Sendable, Codable, CaseIterable {
        case offered, accepted, rejected, expired, transferring, interrupted, done, failed, cancelled

        /// Whether nothing more can happen.
        public var isFinal: Bool {
            switch self {
            case .rejected, .expired, .done, .failed, .cancelled: true
            case .offered, .accepted, .transferring, .interrupted: false
            }
        }
    }

    /// Which of the states it is.
    public var kind: Kind {
        switch self {
        case .offered: .offered
        case .accepted: .accepted
        case .rejected: .rejected
        case .expired: .expired
        case .transferring: .transferring
        case .interrupted: .interrupted
        case .done: .done
        case .failed: .failed
        case .cancelled: .cancelled
        }
    }

    /// A short word for lists and JSON: `offered`, `transferring`, `done`, ...
    public var name: String { kind.rawValue }

    /// The state after `transition`, or an error if it is not allowed from here.
    public func applying(_ transition: Transition) throws(TransferStateError) -> TransferState {
        switch (self, transition) {
        case (.offered, .accept): return .accepted
        case let (.offered, .reject(reason)): return .rejected(reason: reason)
        case (.offered, .expire): return .expired
        case let (.accepted, .progress(p)), let (.transferring, .progress(p)), let (.interrupted, .progress(p)):
            return .transferring(p)
        case (.accepted, .interrupt): return .interrupted(TransferProgress(bytesTotal: 0, filesTotal: 0))
        case let (.transferring(p), .interrupt): return .interrupted(p)
        case (.interrupted, .interrupt): return self
        case (.accepted, .finish), (.transferring, .finish), (.interrupted, .finish): return .done
        case let (state, .fail(reason)) where !state.isFinal: return .failed(reason: reason)
        case (let state, .cancel) where !state.isFinal: return .cancelled
        default: throw TransferStateError(from: name, transition: transition)
        }
    }

    /// Applies `transition` in place.
    public mutating func apply(_ transition: Transition) throws(TransferStateError) {
        self = try applying(transition)
    }
}

/// A transition that is not allowed from the current state.
public struct TransferStateError: Error, Hashable, Sendable {
    /// The state's ``TransferState/name``.
    public let from: String
    /// What was tried.
    public let transition: TransferState.Transition

    /// The error for trying `transition` in the state named `from`.
    public init(from: String, transition: TransferState.Transition) {
        self.from = from
        self.transition = transition
    }
}
