import ArgumentParser
import Foundation
import HuddleApp
import HuddleTUI

/// `huddle workspace new NAME | list | remove NICK | admin NICK | leave W`.
struct WorkspaceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "workspace", abstract: "Make, list and leave private workspaces; remove members.",
        subcommands: [New.self, List.self, Remove.self, Admin.self, Leave.self])

    struct New: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Make a private workspace; you are its admin.")
        @OptionGroup var options: CommonOptions
        @Argument(help: "Its name (1 to 32 characters).") var name: String
        @Flag(help: "Print it as one JSON object.") var json = false

        func run() throws {
            let made = try options.controlClient().request(.workspaceNew(name: name), \.workspaces)
            guard let workspace = made.first else { throw ExitCode(1) }
            if json { print(try jsonLine(workspace)) } else {
                print("made \(TerminalText.sanitized(workspace.name)) (\(workspace.id)); invite teammates with huddle invite NICK --workspace \(TerminalText.sanitized(workspace.name))")
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List your workspaces and their members.")
        @OptionGroup var options: CommonOptions
        @Flag(help: "One JSON object per workspace per line.") var json = false

        func run() throws {
            let all = try options.controlClient().request(.workspaceList, \.workspaces)
            if json {
                for workspace in all { print(try jsonLine(workspace)) }
                return
            }
            guard !all.isEmpty else {
                print("no workspaces: the lobby is off; make one with huddle workspace new NAME")
                return
            }
            for workspace in all { print(Self.describe(workspace)) }
        }

        static func describe(_ workspace: WorkspaceSummary) -> String {
            if workspace.isLobby { return "lan  open to everyone on the network" }
            var lines = ["\(TerminalText.sanitized(workspace.name))  \(workspace.id)  you: \(workspace.role?.rawValue ?? "not a member")"]
            for member in workspace.members {
                let mark = member.trust == .verified ? "✓" : member.trust == .blocked ? "✗" : "?"
                lines.append("  \(mark) \(TerminalText.sanitized(member.nickname)) \(member.shortID) \(member.role.rawValue)\(member.isSelf ? " (you)" : "")")
            }
            return lines.joined(separator: "\n")
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove a member (admins). Nothing is synced with them any more; what they hold stays with them.")
        @OptionGroup var options: CommonOptions
        @Argument(help: "The member's nickname or ID.") var nick: String
        @Option(help: ArgumentHelp("The workspace (default: the config's workspace).", valueName: "W")) var workspace: String?

        func run() throws {
            print(try options.controlClient().request(.workspaceRemove(peer: nick, workspace: workspace), \.done))
        }
    }

    struct Admin: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Make a member an admin (admins).")
        @OptionGroup var options: CommonOptions
        @Argument(help: "The member's nickname or ID.") var nick: String
        @Option(help: ArgumentHelp("The workspace (default: the config's workspace).", valueName: "W")) var workspace: String?

        func run() throws {
            print(try options.controlClient().request(.workspacePromote(peer: nick, workspace: workspace), \.done))
        }
    }

    struct Leave: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Leave a private workspace; what you hold stays on disk.")
        @OptionGroup var options: CommonOptions
        @Argument(help: "The workspace's name or ID.") var workspace: String

        func run() throws {
            print(try options.controlClient().request(.workspaceLeave(workspace: workspace), \.done))
        }
    }
}

/// `huddle invite NICK [--workspace W]`, `huddle invite --code [--workspace W] [--json]`.
struct InviteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "invite", abstract: "Add a teammate to a private workspace and ask them to join, or make an invite code.")
    @OptionGroup var options: CommonOptions
    @Argument(help: "Their nickname or ID (not with --code).") var nick: String?
    @Flag(help: "Make a one-use code, valid for 10 minutes, for a teammate you have not met (they run huddle join CODE).") var code = false
    @Option(help: ArgumentHelp("The workspace (default: the config's workspace).", valueName: "W")) var workspace: String?
    @Flag(help: "With --code: print the code as one JSON object.") var json = false

    func validate() throws {
        if code && nick != nil { throw ValidationError("give a nickname or --code, not both") }
        if !code && nick == nil { throw ValidationError("give the teammate's nickname, or --code to make an invite code") }
        if json && !code { throw ValidationError("--json goes with --code") }
    }

    func run() throws {
        guard code, nick == nil else {
            print(try options.controlClient().request(.invite(peer: nick ?? "", workspace: workspace), \.done))
            return
        }
        let issued = try options.controlClient().request(.inviteCode(workspace: workspace), \.inviteCode)
        if json {
            print(try jsonLine(issued))
            return
        }
        let minutes = max(1, Int(((Double(issued.expires) / 1000 - Date().timeIntervalSince1970) / 60).rounded()))
        print(issued.code)
        print("  read it to your teammate; they run: huddle join \(issued.code)")
        print("  it admits one person to \(TerminalText.sanitized(issued.workspaceName)) within \(minutes) minutes; a wrong guess burns it")
    }
}

/// `huddle invites [--json]`.
struct InvitesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "invites", abstract: "List invitations to private workspaces.")
    @OptionGroup var options: CommonOptions
    @Flag(help: "One JSON object per invitation per line.") var json = false

    func run() throws {
        let all = try options.controlClient().request(.invitations, \.invitations)
        if json {
            for invitation in all { print(try jsonLine(invitation)) }
            return
        }
        guard !all.isEmpty else {
            print("no invitations")
            return
        }
        for invitation in all {
            print("\(TerminalText.sanitized(invitation.inviterNickname)) (\(invitation.inviter.prefix(7))) invites you to \(TerminalText.sanitized(invitation.name)), \(invitation.members) member(s)")
            print("  their key's fingerprint: \(invitation.inviterFingerprint) (compare with their huddle id)")
            print("  huddle join \(invitation.workspace)   or   huddle decline \(invitation.workspace)")
        }
    }
}

/// `huddle join INVITATION`, `huddle join CODE [--peer HOST:PORT]`.
struct JoinCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "join", abstract: "Join a workspace: by an invite code a teammate read to you, or by an invitation (its ID or name).")
    @OptionGroup var options: CommonOptions
    @Argument(help: "An invite code (7-guitarist-revenge), or the workspace's ID or name as huddle invites shows it.") var invitation: String

    func run() throws {
        // With a code, --peer (one of the common options) is the inviter's address, for when
        // discovery cannot reach them.
        let peer = options.peers.first?.description
        let client = try options.controlClient()
        let joined: [WorkspaceSummary]
        if peer != nil || Self.looksLikeCode(invitation) {
            joined = try client.request(.joinCode(code: invitation, peer: peer), timeout: 40, \.workspaces)
        } else {
            joined = try client.request(.join(invitation: invitation), \.workspaces)
        }
        guard let workspace = joined.first else { throw ExitCode(1) }
        print("joined \(TerminalText.sanitized(workspace.name)) (\(workspace.id)); its channels and notes arrive from its members")
    }

    /// Whether `text` is meant as an invite code: a number, a dash and words.
    static func looksLikeCode(_ text: String) -> Bool {
        guard let dash = text.firstIndex(of: "-") else { return false }
        return !text[..<dash].isEmpty && text[..<dash].allSatisfy(\.isASCII) && text[..<dash].allSatisfy(\.isNumber)
    }
}

/// `huddle decline INVITATION`.
struct DeclineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "decline", abstract: "Decline an invitation to a workspace.")
    @OptionGroup var options: CommonOptions
    @Argument(help: "The workspace's ID or name, as huddle invites shows it.") var invitation: String

    func run() throws {
        print(try options.controlClient().request(.decline(invitation: invitation), \.done))
    }
}
