#include <libxml/xmlversion.h>
/* Debian builds libxml2 with ICU; its headers clash with Foundation's ICU in Swift. */
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <libxml/xmlerror.h>

/* xmlFree is a mutable global function pointer that Swift 6 cannot read. */
static inline void cxml_free(void *p) { xmlFree(p); }
