import Foundation
import HuddleCore

#if canImport(Glibc)
import Glibc
#endif

/// The file that holds this device's identity key, in the data folder.
///
/// The file is text: a comment line, then `ed25519-private-v1 ` and the base64 of the raw
/// 32-byte private key. It is created with mode 0600 and a huddle that finds it readable by
/// group or others, or unreadable, refuses to start rather than guess.
public struct IdentityKeyFile: Sendable {
    /// Where the key lives.
    public let path: String

    static let tag = "ed25519-private-v1"
    static let header = "# huddle identity key: keep this file secret (mode 0600). Your peer ID comes from it.\n"

    /// A key file at `path`.
    public init(path: String) {
        self.path = path
    }

    /// Loads the identity, creating it on first run.
    public func loadOrCreate() throws(IdentityFileError) -> DeviceIdentity {
        if FileManager.default.fileExists(atPath: path) {
            return try load()
        }
        let identity = DeviceIdentity()
        do {
            try create(identity)
        } catch .alreadyExists {
            return try load() // another huddle made it first
        }
        return identity
    }

    /// Loads an existing identity, refusing one whose file is too open or corrupt.
    public func load() throws(IdentityFileError) -> DeviceIdentity {
        var info = stat()
        guard stat(path, &info) == 0 else { throw .unreadable(path: path, reason: String(cString: strerror(errno))) }
        let mode = info.st_mode & 0o777
        guard mode & 0o077 == 0 else { throw .tooOpen(path: path, mode: mode) }
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw .unreadable(path: path, reason: "cannot read it")
        }
        let lines = text.split(separator: "\n").filter { !$0.hasPrefix("#") && !$0.isEmpty }
        let fields = lines.first?.split(separator: " ") ?? []
        guard lines.count == 1, fields.count == 2, fields[0] == Self.tag else {
            throw .corrupt(path: path, reason: "expected one line starting \(Self.tag)")
        }
        guard let raw = Data(base64Encoded: String(fields[1])), raw.count == 32 else {
            throw .corrupt(path: path, reason: "the key is not 32 bytes of base64")
        }
        do {
            return try DeviceIdentity(rawPrivateKey: Array(raw))
        } catch {
            throw .corrupt(path: path, reason: "not a valid Ed25519 key")
        }
    }

    /// Writes a new key file exclusively with mode 0600, synced to disk before it is used.
    func create(_ identity: DeviceIdentity) throws(IdentityFileError) {
        let folder = (path as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        } catch {
            throw .unwritable(path: path, reason: "cannot create \(folder): \(error.localizedDescription)")
        }
        let temporary = path + ".new"
        unlink(temporary)
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw .unwritable(path: path, reason: String(cString: strerror(errno))) }
        let body = Self.header + "\(Self.tag) \(Data(identity.rawPrivateKey).base64EncodedString())\n"
        let bytes = Array(body.utf8)
        let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        let synced = fsync(fd)
        close(fd)
        guard written == bytes.count, synced == 0 else {
            unlink(temporary)
            throw .unwritable(path: path, reason: "short write")
        }
        // link(2) fails if the final name exists, so two first runs cannot overwrite each other.
        if link(temporary, path) != 0 {
            let error = errno
            unlink(temporary)
            if error == EEXIST { throw .alreadyExists }
            throw .unwritable(path: path, reason: String(cString: strerror(error)))
        }
        unlink(temporary)
    }
}

/// Why the identity key file could not be used; each case says what to do.
public enum IdentityFileError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Group or others may read the key.
    case tooOpen(path: String, mode: mode_t)
    /// The file is not a huddle identity key.
    case corrupt(path: String, reason: String)
    /// The file exists but cannot be read.
    case unreadable(path: String, reason: String)
    /// The file could not be written.
    case unwritable(path: String, reason: String)
    /// Another process created the key first (handled internally by loading it).
    case alreadyExists

    public var description: String {
        switch self {
        case let .tooOpen(path, mode):
            "identity key \(path) is readable by others (mode \(String(mode, radix: 8))); "
                + "protect it with: chmod 600 \(path)"
        case let .corrupt(path, reason):
            "identity key \(path) is corrupt (\(reason)); restore it from a backup, or move it "
                + "aside to start with a new identity (your peer ID will change)"
        case let .unreadable(path, reason):
            "cannot read identity key \(path): \(reason)"
        case let .unwritable(path, reason):
            "cannot write identity key \(path): \(reason)"
        case .alreadyExists:
            "identity key was created by another process"
        }
    }
}
