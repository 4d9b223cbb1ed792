/* version.h — wpc's version, printed by --version and written into JSON,
 * SARIF and generated packages. */
#ifndef WPC_VERSION_H
#define WPC_VERSION_H
#define WPC_VERSION "0.1.0"
#endif
