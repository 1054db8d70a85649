import ArgumentParser
import HuddleApp
import HuddleNet

/// A started peer with its control socket: what `huddle` and `huddle daemon` both run.
struct RunningPeer {
    let profile: LocalProfile
    let peer: Peer
    let control: ControlServer
    let port: Int

    /// Loads the profile and database, starts the peer and its control socket; a problem is
    /// printed and ends the process with the right exit code.
    static func start(_ options: CommonOptions) async throws -> RunningPeer {
        let profile = try options.profile()
        let peer: Peer
        do {
            peer = try Peer(profile: profile, options: options.network(profile.config))
        } catch {
            printError("huddle: \(error)")
            throw ExitCode(1)
        }
        let port: Int
        do {
            port = try await peer.start()
        } catch let error as ListenError {
            printError("huddle: \(error)")
            throw ExitCode(2)
        }
        do {
            let control = try await ControlServer.start(path: profile.folders.controlSocket, peer: peer)
            return RunningPeer(profile: profile, peer: peer, control: control, port: port)
        } catch {
            await peer.stop()
            printError("huddle: \(error)")
            throw ExitCode(1)
        }
    }

    /// Closes the control socket, says goodbye and ends the sessions.
    func stop() async {
        await control.stop()
        await peer.stop()
    }
}
