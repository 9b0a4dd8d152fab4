/* bcryptprimitives.dll for Wine 8, which lacks ProcessPrng: Rust's standard
 * library (1.78 and later) imports it for random numbers (HashMap seeds).
 * Windows 10 and later have it; this stub exists only for the smoke test
 * under Wine, and is never shipped. It forwards to RtlGenRandom
 * (SystemFunction036 in advapi32), which Wine has. */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length) {
    while (length > 0) {
        ULONG chunk = length > 0x10000000 ? 0x10000000 : (ULONG)length;
        if (!SystemFunction036(data, chunk)) return FALSE;
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
