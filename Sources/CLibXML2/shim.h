#include <libxml/xmlversion.h>
/* Debian builds libxml2 with ICU; its headers clash with Foundation's ICU in Swift. */
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlreader.h>

/* xmlFree is a mutable global function pointer that Swift 6 cannot read. */
static inline void cxml_free(void *p) { xmlFree(p); }

static void cxml_ignore_structured(void *ctx, xmlErrorPtr error) { (void)ctx; (void)error; }
static void cxml_ignore_generic(void *ctx, const char *msg, ...) { (void)ctx; (void)msg; }

/* Keeps libxml2 from printing parse and XPath errors to stderr on this thread; callers read them instead. */
static inline void cxml_silence_errors(void) {
    xmlSetStructuredErrorFunc(NULL, cxml_ignore_structured);
    xmlSetGenericErrorFunc(NULL, cxml_ignore_generic);
}

/* Node-set accessors (macros in libxml2). */
static inline int cxml_nodeset_count(xmlXPathObjectPtr obj) {
    return (obj && obj->type == XPATH_NODESET && obj->nodesetval) ? obj->nodesetval->nodeNr : 0;
}
static inline xmlNodePtr cxml_nodeset_item(xmlXPathObjectPtr obj, int index) { return obj->nodesetval->nodeTab[index]; }
