// ncursesw for Swift. SwiftPM drops the -D flags of ncursesw.pc, so the wide-character API
// is switched on here, before the header; macros Swift cannot see get inline functions.
#ifndef TUTOR_CNCURSESW_SHIM_H
#define TUTOR_CNCURSESW_SHIM_H

#define NCURSES_WIDECHAR 1
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <ncursesw/curses.h>

static inline int tutor_lines(void) { return LINES; }
static inline int tutor_cols(void) { return COLS; }
static inline chtype tutor_a_bold(void) { return A_BOLD; }
static inline chtype tutor_a_dim(void) { return A_DIM; }
static inline chtype tutor_a_reverse(void) { return A_REVERSE; }
static inline chtype tutor_a_underline(void) { return A_UNDERLINE; }
static inline chtype tutor_color_pair(short pair) { return COLOR_PAIR(pair); }
static inline int tutor_key_resize(void) { return KEY_RESIZE; }
static inline int tutor_key_mouse(void) { return KEY_MOUSE; }
static inline mmask_t tutor_wheel_up(void) { return BUTTON4_PRESSED; }
#if NCURSES_MOUSE_VERSION > 1
static inline mmask_t tutor_wheel_down(void) { return BUTTON5_PRESSED; }
#else
static inline mmask_t tutor_wheel_down(void) { return 0; }
#endif
/// Draws a UTF-8 string at the cursor (converted to wide characters).
static inline int tutor_addstr_utf8(const char *text) {
    size_t capacity = strlen(text) + 1;
    wchar_t *wide = (wchar_t *)malloc(capacity * sizeof(wchar_t));
    if (!wide) return ERR;
    size_t count = mbstowcs(wide, text, capacity);
    int result = (count == (size_t)-1) ? ERR : addwstr(wide);
    free(wide);
    return result;
}
static inline int tutor_key_f(int n) { return KEY_F(n); }
static inline WINDOW *tutor_stdscr(void) { return stdscr; }
static inline int tutor_attrset(unsigned int attributes) { return attrset((int)attributes); }
/// Starts ncurses on the terminal, or returns 0 when TERM names no terminal it can draw a
/// screen on: an unknown one (where initscr would exit), or one that cannot move its cursor,
/// such as `dumb`.
static inline int tutor_start_screen(void) {
    SCREEN *screen = newterm(NULL, stdout, stdin);
    if (!screen) return 0;
    set_term(screen);
    char *move = tigetstr("cup");
    if (move == NULL || move == (char *)-1) {
        endwin();
        delscreen(screen);
        return 0;
    }
    return 1;
}

#endif
