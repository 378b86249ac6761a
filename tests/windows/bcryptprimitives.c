/* A stand-in for Windows' bcryptprimitives.dll, for running the Windows build of
 * sacoche under Wine 8, which lacks it. Rust's standard library (1.78 and later) takes
 * its random bytes from ProcessPrng, exported by that DLL on Windows 10 and later; this
 * one gives them from RtlGenRandom (advapi32's SystemFunction036), which Wine has.
 * Real Windows has its own DLL: this file is for tests only.
 *
 * Built by .ci/run:
 *   x86_64-w64-mingw32-gcc -shared -o bcryptprimitives.dll bcryptprimitives.c -ladvapi32
 */
#include <windows.h>
#define SystemFunction036 NTAPI SystemFunction036
#include <ntsecapi.h>
#undef SystemFunction036

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len) {
    return RtlGenRandom(data, (ULONG)len);
}
