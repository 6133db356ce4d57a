/* Differential fuzzing of the XML readers: damages a document at random with XML-significant snippets, and whenever
   ChannelGate's own reader keeps the result, libxml2 must keep it too, into the same tree. Built with AddressSanitizer
   and UndefinedBehaviorSanitizer and run by bench/xml-reader-fuzz.sh. Exits 1 on the first mismatches (written to
   $TMPDIR/xml-mismatch-N.xml). */
#include "cg_element_tree.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
static uint64_t s = 88172645463325252ull;
static uint64_t rnd(void) { s ^= s << 13; s ^= s >> 7; s ^= s << 17; return s; }
static const char *snippets[] = {"&#x0;", "&#x41;", "&#65;", "&#xD800;", "&lt;", "&amp;", "&nbsp;", "&", "<", ">", "]]>", "<![CDATA[x]]>", "<![CDATA[",
  "xmlns:a='urn:a'", " xmlns='' ", " xmlns:cbc='x' ", "<!-- c -->", "<!--", "-->", "--", "<?x y?>", "<?xml version='1.0'?>", "\r", "\r\n", "\t", "\xc3\xa9", "\xe4\xb8\xad",
  "\xff", "\x80", "\xc0\xaf", "\xed\xa0\x80", "\xef\xbf\xbe", "\x01", "\"", "'", "=", "/", ":", "a:b", "<a>", "</a>", "<a/>", "<cbc:ID>", "</cbc:ID>", " x='1'", " x='1' x='2'",
  "<!DOCTYPE a>", "\xef\xbb\xbf", "&#x10FFFF;", "&#x110000;", "<:a/>", "<a:/>", "<1a/>", " ", "\n"};
static int same_bytes(const char *a, const char *b, int32_t length) { return length == 0 || memcmp(a, b, (size_t)length) == 0; }

static int same(cg_tree *a, cg_tree *b) {
  if (a->node_count != b->node_count || a->attribute_count != b->attribute_count) return 0;
  for (int i = 0; i < a->node_count; i++) {
    cg_node *x = &a->nodes[i], *y = &b->nodes[i];
    if (x->name != y->name || x->first_child != y->first_child || x->next_sibling != y->next_sibling || x->attribute_count != y->attribute_count) return 0;
    if (x->text_end - x->text_start != y->text_end - y->text_start) return 0;
    if (!same_bytes(a->text + x->text_start, b->text + y->text_start, x->text_end - x->text_start)) return 0;
  }
  for (int i = 0; i < a->attribute_count; i++) {
    cg_attribute *x = &a->attributes[i], *y = &b->attributes[i];
    if (x->name != y->name || x->value_end - x->value_start != y->value_end - y->value_start) return 0;
    if (!same_bytes(a->values + x->value_start, b->values + y->value_start, x->value_end - x->value_start)) return 0;
  }
  return 1;
}
int main(int argc, char **argv) {
  if (argc < 3) { fprintf(stderr, "usage: %s FILE ITERATIONS [SEED]\n", argv[0]); return 2; }
  FILE *f = fopen(argv[1], "rb"); if (!f) return 2; static char orig[1 << 20]; int n = fread(orig, 1, sizeof orig, f); fclose(f);
  if (argc > 3) s = strtoull(argv[3], NULL, 10) | 1;
  int iters = atoi(argv[2]);
  const char *uris[] = {"urn:oasis:names:specification:ubl:schema:xsd:Order-2", "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2", "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2", "", "urn:a"};
  const char *locals[] = {"Order", "ID", "OrderLine", "x", "b"};
  /* trie: 0 -Order-> 2 ; 1 (relative) unused; 2 -ID-> 3 ; 2 -OrderLine-> 4 (whole) */
  uint8_t keeps[5] = {0, 0, 0, 0, 1};
  int32_t from[] = {0, 2, 2}, names[] = {0, 1, 2}, to[] = {2, 3, 4};
  cg_plan *plan = cg_plan_new(5, uris, locals, 5, keeps, 3, from, names, to);
  static char buf[1 << 21];
  long kept = 0, left = 0, bad = 0;
  for (int it = 0; it < iters; it++) {
    int len = n; memcpy(buf, orig, n);
    int edits = 1 + rnd() % 3;
    for (int e = 0; e < edits; e++) {
      int pos = rnd() % (len + 1);
      const char *sn = snippets[rnd() % (sizeof snippets / sizeof *snippets)];
      int sl = strlen(sn), kind = rnd() % 3;
      if (kind == 0 && len + sl < (int)sizeof buf) { memmove(buf + pos + sl, buf + pos, len - pos); memcpy(buf + pos, sn, sl); len += sl; }
      else if (kind == 1 && pos + sl <= len) { memcpy(buf + pos, sn, sl); }
      else if (pos < len) { int d = 1 + rnd() % 4; if (pos + d > len) d = len - pos; memmove(buf + pos, buf + pos + d, len - pos - d); len -= d; }
    }
    cg_tree *fast = cg_tree_parse_using(plan, buf, len, CG_READ_FAST);
    if (fast->status == 0) {
      kept++;
      cg_tree *lib = cg_tree_parse_using(plan, buf, len, CG_READ_LIBXML2);
      if (lib->status != 0 || !same(fast, lib)) {
        bad++;
        if (bad <= 5) { char name[512]; const char *dir = getenv("TMPDIR"); snprintf(name, sizeof name, "%s/xml-mismatch-%ld.xml", dir ? dir : "/tmp", bad); FILE *o = fopen(name, "wb"); if (o) { fwrite(buf, 1, len, o); fclose(o); }
          fprintf(stderr, "mismatch: libxml2 status %d (%s) -> %s\n", lib->status, lib->error_message, name); }
      }
      cg_tree_free(lib);
    } else left++;
    cg_tree_free(fast);
  }
  printf("kept %ld left %ld mismatches %ld\n", kept, left, bad);
  return bad != 0;
}
