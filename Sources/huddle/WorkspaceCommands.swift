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

/// `huddle invite NICK [--workspace W]`.
struct InviteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "invite", abstract: "Add a teammate to a private workspace and ask them to join.")
    @OptionGroup var options: CommonOptions
    @Argument(help: "Their nickname or ID.") var nick: String
    @Option(help: ArgumentHelp("The workspace (default: the config's workspace).", valueName: "W")) var workspace: String?

    func run() throws {
        print(try options.controlClient().request(.invite(peer: nick, workspace: workspace), \.done))
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

/// `huddle join INVITATION`.
struct JoinCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "join", abstract: "Join the workspace of an invitation (its ID or name).")
    @OptionGroup var options: CommonOptions
    @Argument(help: "The workspace's ID or name, as huddle invites shows it.") var invitation: String

    func run() throws {
        let joined = try options.controlClient().request(.join(invitation: invitation), \.workspaces)
        guard let workspace = joined.first else { throw ExitCode(1) }
        print("joined \(TerminalText.sanitized(workspace.name)) (\(workspace.id)); its channels and notes arrive from its members")
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
