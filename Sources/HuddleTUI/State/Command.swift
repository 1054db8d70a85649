/// The `/commands` of the input line. The help overlay is generated from this table.
public struct Command: Sendable {
    /// The name after the slash.
    public let name: String
    /// The arguments, as shown in help (`NAME`).
    public let arguments: String
    /// What it does, in a few words.
    public let summary: String

    /// Every command, in the order help lists them.
    public static let all: [Command] = [
        Command(name: "help", arguments: "", summary: "show keys and commands"),
        Command(name: "join", arguments: "#CHANNEL | @NICK", summary: "show a channel (created if new) or a conversation"),
        Command(name: "msg", arguments: "NICK TEXT", summary: "send a direct message: only the two of you hold it"),
        Command(name: "search", arguments: "WORDS", summary: "find messages and notes: \"a phrase\", prefix*, -word, from:NICK, in:#chan"),
        Command(name: "note", arguments: "NAME | new NAME", summary: "open a note in the editor (new: make it)"),
        Command(name: "edit", arguments: "[NAME]", summary: "edit a note (or the open one) in $EDITOR; merged with teammates' typing"),
        Command(name: "send", arguments: "NICK PATH...", summary: "offer files or folders (or drop them on the terminal)"),
        Command(name: "accept", arguments: "[ID]", summary: "accept an offer into the downloads folder"),
        Command(name: "reject", arguments: "[ID]", summary: "decline an offer"),
        Command(name: "cancel", arguments: "[ID]", summary: "cancel a transfer; both sides remove partial files"),
        Command(name: "resume", arguments: "[ID]", summary: "resume an interrupted transfer now"),
        Command(name: "nick", arguments: "NAME", summary: "change your nickname (saved to config)"),
        Command(name: "theme", arguments: "[NAME]", summary: "switch theme (saved); without NAME, list themes"),
        Command(name: "notify", arguments: "[all|mentions|mute|default]", summary: "how the chat shown asks for attention: every message, mentions only, or nothing"),
        Command(name: "away", arguments: "[TEXT]", summary: "show teammates you are away, with what you say (saved)"),
        Command(name: "here", arguments: "", summary: "show teammates you are here again"),
        Command(name: "dnd", arguments: "[TEXT]", summary: "do not disturb: teammates see it; no bell or notifications until /dnd again"),
        Command(name: "workspace", arguments: "[NAME]", summary: "show a workspace (lan or a private one); without NAME, list them"),
        Command(name: "invite", arguments: "NICK | --code", summary: "add a teammate to the private workspace shown, or make a one-use code for one"),
        Command(name: "join-code", arguments: "CODE [HOST:PORT]", summary: "join a workspace with the code a teammate read to you"),
        Command(name: "verify", arguments: "NICK", summary: "mark a peer verified (compare safety codes first)"),
        Command(name: "block", arguments: "NICK", summary: "refuse a peer's key from now on"),
        Command(name: "quit", arguments: "", summary: "leave huddle"),
    ]

    /// The command called `name`, if there is one.
    public static func named(_ name: String) -> Command? {
        all.first { $0.name == name }
    }
}

/// A key binding, as help shows it. The reducer's key handling follows this table.
public struct KeyBinding: Sendable {
    /// The keys, as printed.
    public let keys: String
    /// What they do.
    public let summary: String

    /// Every binding, in the order help lists them.
    public static let all: [KeyBinding] = [
        KeyBinding(keys: "Tab / Shift-Tab", summary: "complete commands, nicks, #channels, notes, /send paths (again: next/previous); else move focus"),
        KeyBinding(keys: "F1, ? (outside input)", summary: "this help"),
        KeyBinding(keys: "Ctrl-Q", summary: "quit"),
        KeyBinding(keys: "Ctrl-L", summary: "draw the whole screen again"),
        KeyBinding(keys: "Enter", summary: "send the line, or run a /command"),
        KeyBinding(keys: "Alt-Enter, Shift-Enter", summary: "a new line in the message"),
        KeyBinding(keys: "PgUp / PgDn", summary: "scroll the chat"),
        KeyBinding(keys: "Up (empty input line)", summary: "pick a message: r reply, t thread, + react, y copy, e edit, d delete (yours)"),
        KeyBinding(keys: "Alt-1 … Alt-9", summary: "show the first … ninth workspace (as /workspace lists them)"),
        KeyBinding(keys: "Ctrl-N", summary: "show the next channel or conversation with unread messages"),
        KeyBinding(keys: "Up / Down, Enter (channels)", summary: "pick a channel and show it"),
        KeyBinding(keys: "Up / Down (peers, transfers)", summary: "pick a peer (dropped files go to it) or a transfer"),
        KeyBinding(keys: "a / r / c (transfers)", summary: "accept / reject / cancel the picked transfer"),
        KeyBinding(keys: "y / n", summary: "answer \"send these files?\" after a drop"),
        KeyBinding(keys: "Up / Down, Enter (notes)", summary: "pick a note and open it in the editor"),
        KeyBinding(keys: "In a note: Ctrl-Left / Ctrl-Right", summary: "a word left / right"),
        KeyBinding(keys: "In a note: arrows, Home / End, PgUp / PgDn", summary: "move the caret (teammates' edits never move it off its character)"),
        KeyBinding(keys: "In a note: Enter, Backspace, Delete", summary: "new line, delete before / after the caret; every key is saved and sent"),
        KeyBinding(keys: "In a note: Shift + arrows", summary: "select; typing replaces the selection"),
        KeyBinding(keys: "In a note: Ctrl-X / Ctrl-K / Ctrl-Y", summary: "cut / copy / paste (huddle's own clipboard)"),
        KeyBinding(keys: "In a note: F4", summary: "edit the note in $EDITOR"),
        KeyBinding(keys: "In a note: Ctrl-U / Ctrl-R", summary: "undo / redo your own edits (never a teammate's)"),
        KeyBinding(keys: "In a note: Esc", summary: "close the note, back to the chat"),
        KeyBinding(keys: "Left / Right, Home / End", summary: "move in the input line"),
        KeyBinding(keys: "Ctrl-A / Ctrl-E", summary: "start / end of line"),
        KeyBinding(keys: "Ctrl-W / Ctrl-U / Ctrl-K", summary: "delete word / to start / to end"),
        KeyBinding(keys: "Ctrl-Y", summary: "paste what Ctrl-W/U/K deleted"),
        KeyBinding(keys: "Ctrl-P, then Up / Down", summary: "earlier / later lines you typed (Up too, once the line has text)"),
        KeyBinding(keys: "In help: Up / Down, PgUp / PgDn", summary: "scroll this help when it is longer than the screen"),
        KeyBinding(keys: "Esc", summary: "close help"),
    ]
}
