/*
 * entitle.h — the C API of the entitle rules engine.
 *
 * This header is the whole contract for host systems (C, Java/JNA, Python/ctypes, .NET).
 * Every function is prefixed entitle_, every constant ENTITLE_. No C++ type or exception
 * crosses this boundary.
 *
 * Thread safety: every function here may be called from any thread.
 */
#ifndef ENTITLE_H
#define ENTITLE_H

#ifdef __cplusplus
extern "C" {
#endif

#if defined(_WIN32)
#define ENTITLE_API __declspec(dllexport)
#else
#define ENTITLE_API __attribute__((visibility("default")))
#endif

/* Compile-time version of this header. */
#define ENTITLE_VERSION_MAJOR_C 0
#define ENTITLE_VERSION_MINOR_C 1
#define ENTITLE_VERSION_PATCH_C 0

/*
 * The run-time version of the library as "MAJOR.MINOR.PATCH". The string is static: do not
 * free it. Compare with the ENTITLE_VERSION_*_C macros to detect a header/library mismatch.
 */
ENTITLE_API const char* entitle_version(void);

#ifdef __cplusplus
}
#endif

#endif /* ENTITLE_H */
