#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import HuddleCore

/// Why the peer ended a transfer, as it said on the wire.
public enum TransferRefusalReason: String, Equatable, Sendable {
    case unspecified, rejected, expired, cancelled, invalidOffer, noSpace, unknownOffer, protocolError, digestMismatch, ioError

    init(_ wire: Huddle_Transfer_V1_Refusal.Reason) {
        switch wire {
        case .rejected: self = .rejected
        case .expired: self = .expired
        case .cancelled: self = .cancelled
        case .invalidOffer: self = .invalidOffer
        case .noSpace: self = .noSpace
        case .unknownOffer: self = .unknownOffer
        case .protocolError: self = .protocolError
        case .digestMismatch: self = .digestMismatch
        case .ioError: self = .ioError
        default: self = .unspecified
        }
    }

    var wire: Huddle_Transfer_V1_Refusal.Reason {
        switch self {
        case .unspecified: .unspecified
        case .rejected: .rejected
        case .expired: .expired
        case .cancelled: .cancelled
        case .invalidOffer: .invalidOffer
        case .noSpace: .noSpace
        case .unknownOffer: .unknownOffer
        case .protocolError: .protocolError
        case .digestMismatch: .digestMismatch
        case .ioError: .ioError
        }
    }
}

/// Everything that can go wrong with a transfer. Only ``peerMessage`` carries text from the
/// peer (in ``refusedByPeer(_:peerMessage:)``): sanitise it before it reaches a terminal.
public enum TransferError: Error, Equatable, Sendable {
    /// The peer could not be reached.
    case cannotConnect(String)
    /// The connection ended before the transfer did; it can resume.
    case connectionLost(String)
    /// The peer ended the transfer; `peerMessage` is its own words.
    case refusedByPeer(TransferRefusalReason, peerMessage: String)
    /// An offer (ours or the peer's) breaks a rule.
    case invalidOffer(OfferError)
    /// A local path to send is a symbolic link, which is never sent or followed.
    case symbolicLinkNotSent(path: String)
    /// A local path to send is neither a regular file nor a folder.
    case unsupportedFileType(path: String)
    /// A file changed size or vanished while it was offered or sent.
    case sourceChanged(path: String)
    /// Not enough free space in the target folder for what remains.
    case notEnoughSpace(needed: UInt64, available: UInt64)
    /// The disk filled up while writing; the partial file was removed.
    case diskFull
    /// A system call failed.
    case io(operation: String, path: String, errno: Int32)
    /// Data did not match its digest (a chunk or a whole file).
    case digestMismatch(file: Int)
    /// The peer broke the protocol (sent more than offered, data before acceptance, ...).
    case protocolViolation(String)
    /// No transfer has this ID.
    case unknownTransfer(OfferID)
    /// The transfer is not in a state that allows this (accepting an offer twice, ...).
    case notAllowed(String)
    /// The target folder is missing or not a folder.
    case notAFolder(path: String)
}

extension TransferError: CustomStringConvertible {
    /// A sentence for the user.
    public var description: String {
        switch self {
        case let .cannotConnect(why): "cannot reach the peer: \(why)"
        case let .connectionLost(why): "the connection was lost (\(why)); the transfer can resume"
        case let .refusedByPeer(reason, message): "the peer ended the transfer (\(reason.rawValue)): \(message)"
        case let .invalidOffer(error): "the offer was refused: \(error)"
        case let .symbolicLinkNotSent(path): "\(path) is a symbolic link; links are not sent"
        case let .unsupportedFileType(path): "\(path) is neither a file nor a folder"
        case let .sourceChanged(path): "\(path) changed while it was being sent"
        case let .notEnoughSpace(needed, available): "not enough free space: \(needed) bytes needed, \(available) available"
        case .diskFull: "the disk is full; the partial file was removed"
        case let .io(operation, path, code): "\(operation) \(path) failed: \(String(cString: strerror(code)))"
        case let .digestMismatch(file): "file \(file + 1) did not match its SHA-256 digest"
        case let .protocolViolation(why): "the peer broke the protocol: \(why)"
        case let .unknownTransfer(id): "no transfer \(id.short)"
        case let .notAllowed(why): why
        case let .notAFolder(path): "\(path) is not a folder"
        }
    }
}
