#!/usr/bin/env bash
# Cost of one sign-in check (Guides/Workspace.md): CPU seconds per bcrypt hash at the test cost (4)
# and the production cost (12), with the same C code the workspace links (hummingbird-auth's
# CBcrypt), compiled at -O2 as a release build would. CPU time, not wall time, so that other work on
# the machine does not inflate it. No anchor: the figure is a setting to choose, not a race.
# usage: Benchmarks/bench-bcrypt.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
(cd "$here/.." && swift package resolve >/dev/null)
src="$here/../.build/checkouts/hummingbird-auth/Sources/CBcrypt"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cat >"$work/cost.c" <<'C'
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "bcrypt.h"
int main(void) {
    char salt[BCRYPT_SALTSPACE], out[BCRYPT_HASHSPACE + 1];
    unsigned char csalt[BCRYPT_MAXSALT];
    memset(csalt, 7, sizeof csalt);
    int costs[] = {4, 10, 12}, runs[] = {200, 20, 5};
    for (int k = 0; k < 3; k++) {
        c_hb_bcrypt_initsalt_with_csalt(costs[k], salt, sizeof salt, csalt);
        clock_t t = clock();
        for (int i = 0; i < runs[k]; i++) c_hb_bcrypt_hashpass("correct horse", salt, out, BCRYPT_HASHSPACE);
        printf("bcrypt cost %2d: %8.4f s CPU per check (%d runs)\n", costs[k], (double)(clock() - t) / CLOCKS_PER_SEC / runs[k], runs[k]);
    }
    return 0;
}
C
cc -O2 -I"$src/include" -I"$src" "$work/cost.c" "$src/bcrypt.c" "$src/blf.c" -o "$work/cost"
"$work/cost"
