/* hold.exe DIR: makes DIR its current folder and waits until its standard
 * input closes, as a Command Prompt `cd`'d into the output folder does.
 * Windows then refuses to rename DIR's parent; the smoke test uses it to
 * try the output swap's fallback (src/replace.rs) under Wine. */
#include <windows.h>
#include <stdio.h>

int wmain(int argc, wchar_t **argv) {
    if (argc != 2 || !SetCurrentDirectoryW(argv[1])) return 2;
    printf("holding\n");
    fflush(stdout);
    while (getchar() != EOF) {}
    return 0;
}
