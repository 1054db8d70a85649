import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Talks to the running peer through its control socket, for the CLI verbs.
public struct ControlClient: Sendable {
    /// The socket.
    public let path: String

    /// A client for the socket at `path`.
    public init(path: String) {
        self.path = path
    }

    /// Sends `request` and waits for the answer (at most `timeout` seconds).
    public func send(_ request: ControlRequest, timeout: Int = 10) throws(ControlError) -> ControlResponse {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw .noRunningPeer(path) }
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let pathBytes = Array(path.utf8)
        guard pathBytes.count < MemoryLayout.size(ofValue: address.sun_path) else { throw .pathTooLong(path) }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: pathBytes)
            raw[pathBytes.count] = 0
        }
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard connected == 0 else { throw .noRunningPeer(path) }
        var time = timeval(tv_sec: timeout, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &time, socklen_t(MemoryLayout<timeval>.size))
        guard var body = try? JSONEncoder().encode(request) else { throw .badResponse("cannot encode request") }
        body.append(UInt8(ascii: "\n"))
        var offset = 0
        while offset < body.count {
            let sent = body.withUnsafeBytes { write(fd, $0.baseAddress! + offset, $0.count - offset) }
            guard sent > 0 else { throw .noRunningPeer(path) }
            offset += sent
        }
        var answer = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = read(fd, &buffer, buffer.count)
            if count <= 0 { break }
            answer += buffer[0..<count]
            guard answer.count < 64 << 20 else { throw .badResponse("answer too large") }
        }
        do {
            return try JSONDecoder().decode(ControlResponse.self, from: Data(answer))
        } catch {
            throw .badResponse(answer.isEmpty ? "no answer within \(timeout) s" : "\(error)")
        }
    }
}
