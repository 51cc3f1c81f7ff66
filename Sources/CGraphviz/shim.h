#include <graphviz/gvc.h>

// cgraph's DOT lexer keeps global state. After a syntax error it is left mid-buffer (and, for an
// unterminated string, in the quoted-string start condition), so the next agmemread would fail too.
// agmemread also leaves whatever follows the first graph in the buffer. These two exported (but undeclared) functions reset it; the renderer calls them after an error.
extern int aaglex_destroy(void);
extern void aglexbad(void);
