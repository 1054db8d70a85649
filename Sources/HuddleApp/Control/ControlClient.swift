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

    /// Sends a streaming request (`watch`) and hands each response line to `handle` until it
    /// returns false or the peer goes away.
    public func stream(_ request: ControlRequest, handle: (ControlResponse) -> Bool) throws(ControlError) {
        let fd = try connected()
        defer { close(fd) }
        try write(request, to: fd)
        var pending = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = read(fd, &buffer, buffer.count)
            if count <= 0 { return }
            pending += buffer[0..<count]
            while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                let line = Data(pending[..<newline])
                pending.removeSubrange(...newline)
                guard let response = try? JSONDecoder().decode(ControlResponse.self, from: line) else {
                    throw .badResponse("not a response line")
                }
                if !handle(response) { return }
            }
        }
    }

    /// Sends `request` and waits for the answer (at most `timeout` seconds).
    public func send(_ request: ControlRequest, timeout: Int = 10) throws(ControlError) -> ControlResponse {
        let fd = try connected()
        defer { close(fd) }
        var time = timeval(tv_sec: timeout, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &time, socklen_t(MemoryLayout<timeval>.size))
        try write(request, to: fd)
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

    /// A socket connected to the control socket.
    func connected() throws(ControlError) -> Int32 {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw .noRunningPeer(path) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let pathBytes = Array(path.utf8)
        guard pathBytes.count < MemoryLayout.size(ofValue: address.sun_path) else {
            close(fd)
            throw .pathTooLong(path)
        }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: pathBytes)
            raw[pathBytes.count] = 0
        }
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard connected == 0 else {
            close(fd)
            throw .noRunningPeer(path)
        }
        return fd
    }

    /// Writes `request` as one JSON line.
    func write(_ request: ControlRequest, to fd: Int32) throws(ControlError) {
        guard var body = try? JSONEncoder().encode(request) else { throw .badResponse("cannot encode request") }
        body.append(UInt8(ascii: "\n"))
        var offset = 0
        while offset < body.count {
            let sent = body.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + offset, $0.count - offset) }
            guard sent > 0 else { throw .noRunningPeer(path) }
            offset += sent
        }
    }
}
