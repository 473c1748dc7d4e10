/*
 * bcryptprimitives.c: a stand-in for Windows' bcryptprimitives.dll, for Wine 8.0 only.
 *
 * Go 1.24 and newer get random bytes from ProcessPrng in bcryptprimitives.dll and stop at
 * start-up without it ("fatal error: bcryptprimitives.dll not found"). Windows 10 and
 * newer have the DLL; Debian 12's Wine 8.0 does not (Wine 9 has it). This forwards to
 * RtlGenRandom (advapi32's SystemFunction036), which Wine 8.0 has. scripts/wine/run
 * builds it with mingw-w64 and puts it in a throwaway prefix's system32; it is never
 * shipped.
 */
#include <windows.h>
#define SystemFunction036 NTAPI SystemFunction036
#include <ntsecapi.h>
#undef SystemFunction036

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len)
{
	/* RtlGenRandom takes a ULONG; Go asks for small buffers, but be exact anyway. */
	while (len > 0) {
		ULONG n = len > 0x10000000 ? 0x10000000 : (ULONG)len;
		if (!RtlGenRandom(data, n))
			return FALSE;
		data += n;
		len -= n;
	}
	return TRUE;
}
