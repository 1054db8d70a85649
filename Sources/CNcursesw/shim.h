// The parts of ncursesw that Swift cannot import directly: macros and mutable globals.
#ifndef HUDDLE_NCURSES_SHIM_H
#define HUDDLE_NCURSES_SHIM_H

// Without NCURSES_WIDECHAR the wide-character API (get_wch, cchar_t, ...) is not declared.
#define NCURSES_WIDECHAR 1
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif

#include <locale.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <wchar.h>
#include <ncursesw/curses.h>

// Swift 6 rejects mutable C globals, so these read them.
static inline WINDOW *huddle_stdscr(void) { return stdscr; }
static inline int huddle_lines(void) { return LINES; }
static inline int huddle_cols(void) { return COLS; }
static inline int huddle_colors(void) { return COLORS; }
static inline int huddle_color_pairs(void) { return COLOR_PAIRS; }

// Function-like macros.
static inline attr_t huddle_color_pair(int pair) { return COLOR_PAIR(pair); }
static inline void huddle_getmaxyx(WINDOW *window, int *rows, int *columns) {
    getmaxyx(window, *rows, *columns);
}
static inline int huddle_key_f(int n) { return KEY_F(n); }
// A lone Esc is told from an escape sequence after this many milliseconds.
static inline void huddle_set_escdelay(void) { set_escdelay(25); }

// Attributes.
static inline attr_t huddle_a_normal(void) { return A_NORMAL; }
static inline attr_t huddle_a_bold(void) { return A_BOLD; }
static inline attr_t huddle_a_dim(void) { return A_DIM; }
static inline attr_t huddle_a_underline(void) { return A_UNDERLINE; }
static inline attr_t huddle_a_reverse(void) { return A_REVERSE; }
static inline attr_t huddle_a_italic(void) { return A_ITALIC; }
static inline attr_t huddle_a_standout(void) { return A_STANDOUT; }

// Line-drawing characters; valid only after initscr.
static inline const cchar_t *huddle_wacs_hline(void) { return WACS_HLINE; }
static inline const cchar_t *huddle_wacs_vline(void) { return WACS_VLINE; }
static inline const cchar_t *huddle_wacs_ulcorner(void) { return WACS_ULCORNER; }
static inline const cchar_t *huddle_wacs_urcorner(void) { return WACS_URCORNER; }
static inline const cchar_t *huddle_wacs_llcorner(void) { return WACS_LLCORNER; }
static inline const cchar_t *huddle_wacs_lrcorner(void) { return WACS_LRCORNER; }

// The mouse: presses of the left button and the wheel (buttons 4 and 5).
static inline void huddle_enable_mouse(void) {
    mousemask(BUTTON1_PRESSED | BUTTON4_PRESSED | BUTTON5_PRESSED, NULL);
    mouseinterval(0);
}
// The pending mouse event: 1 a click, 4 wheel up, 5 wheel down, 0 something else; -1 none.
static inline int huddle_read_mouse(int *row, int *column) {
    MEVENT event;
    if (getmouse(&event) != OK) return -1;
    *row = event.y;
    *column = event.x;
    if (event.bstate & BUTTON4_PRESSED) return 4;
    if (event.bstate & BUTTON5_PRESSED) return 5;
    if (event.bstate & BUTTON1_PRESSED) return 1;
    return 0;
}

// Reads the terminal's size and resizes ncurses' screens to it (after SIGWINCH).
static inline int huddle_refresh_size(void) {
    struct winsize size;
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) != 0 || size.ws_row == 0 || size.ws_col == 0) return -1;
    return resizeterm(size.ws_row, size.ws_col);
}

// Writes `count` wide characters at (row, column) with the given attributes and colour pair.
static inline int huddle_put(WINDOW *window, int row, int column, const wchar_t *text, int count,
                             attr_t attributes, int pair) {
    wattr_set(window, attributes, (short)pair, NULL);
    return mvwaddnwstr(window, row, column, text, count);
}

#endif
