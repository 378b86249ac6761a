/* For tests/windows.rs: holds a file open the way Excel holds a workbook. */
#include <windows.h>
#include <stdio.h>
/* Holds a file open the way Excel does (others may read it, not write, move or
   delete it) until the file named in the second argument appears. */
int wmain(int argc, wchar_t **argv) {
    if (argc < 3) return 2;
    HANDLE h = CreateFileW(argv[1], GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ, NULL,
                           OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, NULL);
    if (h == INVALID_HANDLE_VALUE) { printf("cannot open: %lu\n", GetLastError()); return 1; }
    printf("held\n"); fflush(stdout);
    for (int i = 0; i < 600; i++) {
        if (GetFileAttributesW(argv[2]) != INVALID_FILE_ATTRIBUTES) break;
        Sleep(100);
    }
    CloseHandle(h);
    return 0;
}
