import Foundation
import HuddleCore
import Testing
@testable import HuddleStore

@Suite("The identity key file")
struct IdentityKeyFileTests {
    let folder = NSTemporaryDirectory() + "huddle-identity-\(UUID().uuidString)"
    var path: String { folder + "/data/identity" }

    @Test("the first run creates a key with mode 0600 and later runs keep the same peer ID")
    func createsPrivateKeyAndKeepsID() throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let first = try IdentityKeyFile(path: path).loadOrCreate()
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let second = try IdentityKeyFile(path: path).loadOrCreate()
        #expect(first.peerID == second.peerID)
        #expect(!FileManager.default.fileExists(atPath: path + ".new"))
    }

    @Test("a key readable by others is refused, with the chmod that fixes it")
    func tooOpenKeyRefused() throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        _ = try IdentityKeyFile(path: path).loadOrCreate()
        chmod(path, 0o644)
        #expect(throws: IdentityFileError.tooOpen(path: path, mode: 0o644)) { try IdentityKeyFile(path: path).load() }
        do {
            _ = try IdentityKeyFile(path: path).load()
        } catch {
            #expect(error.description.contains("chmod 600 \(path)"))
        }
    }

    @Test("a corrupt key is refused, never replaced", arguments: [
        ("garbage", "hello world\n"),
        ("wrong tag", "rsa-private AAAA\n"),
        ("short key", "ed25519-private-v1 AAEC\n"),
        ("bad base64", "ed25519-private-v1 !!!!\n"),
        ("two keys", "ed25519-private-v1 AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\ned25519-private-v1 AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n"),
        ("empty", ""),
    ])
    func corruptKeyRefused(name: String, contents: String) throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder + "/data", withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: path, contents: Data(contents.utf8), attributes: [.posixPermissions: 0o600])
        do {
            _ = try IdentityKeyFile(path: path).loadOrCreate()
            Issue.record("\(name): a corrupt key was accepted")
        } catch {
            guard case .corrupt = error else { Issue.record("\(name): \(error)"); return }
        }
        #expect(FileManager.default.contents(atPath: path) == Data(contents.utf8), "the file must be left alone")
    }
}
