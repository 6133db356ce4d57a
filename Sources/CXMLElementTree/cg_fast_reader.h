#ifndef CG_FAST_READER_H
#define CG_FAST_READER_H

#include "cg_tree_builder.h"

/* Reads `length` bytes into `tree` when the document is plain UTF-8 XML 1.0 this reader can prove well-formed
   (ASCII names, the predefined entities and character references, no DOCTYPE); returns 1 then. Returns 0 for every
   other document, the tree half-built, and libxml2 reads it again: its verdict and error messages stay the ones
   users see. */
int cg_fast_read(const cg_plan *plan, const char *bytes, int32_t length, cg_tree *tree);

#endif
