/*
 * ner_feat.h -- the NER feature extractor, shared by the tagger (ner.c) and
 * the trainer (tools/train_ner.c) so that features are computed identically
 * at training and at run time: both build an nw_doc with the real front end
 * and call nw_ner_features() on its tokens.
 *
 * Every token gets exactly NW_NER_NF feature hashes (templates: word, shape,
 * affixes, flags, neighbouring words and shapes, gazetteer categories of the
 * token, of its neighbours and of multi-token phrases covering it,
 * corpus capitalisation class, word cluster and typical contexts, and facts about the capitalised run it sits
 * in: position, the words around the run, the categories of its first and
 * last words), and document-level facts about the word (nw_ner_docinfo:
 * "Brown" follows a first name or "Mr" elsewhere in the article, "Oftel"
 * is followed by "said", "Aceh" follows "in"), which carry evidence from
 * the clearest mention of a name to its other mentions.
 *
 * Case mode (nw_ner_sent_mode): a document written all in lower case
 * (web posts) or an all-capitals sentence (headlines) gets mode features,
 * and in a lower-case document lower-case name words ("france") are scored
 * instead of being O by rule; the trainer adds lower- and upper-cased copies
 * of training texts so that these features are learnt.
 */
#ifndef NW_NER_FEAT_H
#define NW_NER_FEAT_H

#include <stdint.h>

#include "doc.h"
#include "ner_gaz.h"

#define NW_NER_NF 60u       /* features per token */
#define NW_NER_CHUNK 256u   /* longest token run tagged at once */
#define NW_NER_FEAT_VERSION 7u

/* Tags: BIO over PERSON, ORG, LOC, MISC. */
enum { NW_NER_O = 0, NW_NER_B_PER, NW_NER_I_PER, NW_NER_B_ORG, NW_NER_I_ORG,
       NW_NER_B_LOC, NW_NER_I_LOC, NW_NER_B_MISC, NW_NER_I_MISC,
       NW_NER_NTAGS };

/* Per-document word facts (bits of nw_ner_docinfo_get). */
enum {
    NW_ND_AFTER_FIRST = 1 << 0,   /* follows a capitalised first name */
    NW_ND_AFTER_TITLE = 1 << 1,   /* follows a title (Mr, President) */
    NW_ND_BEFORE_ORGWORD = 1 << 2,/* precedes Ministry, Party, Inc. ... */
    NW_ND_AFTER_LOCPREP = 1 << 3, /* follows in / at / from / near */
    NW_ND_BEFORE_SAID = 1 << 4,   /* precedes said / says / told */
    NW_ND_LOWER = 1 << 5,         /* also written in lower case */
    NW_ND_RUN_FIRST = 1 << 6,     /* first word of a capitalised run */
    NW_ND_RUN_LAST = 1 << 7,      /* last word of a capitalised run */
    NW_ND_POSS = 1 << 8,          /* followed by 's */
    NW_ND_AFTER_THE = 1 << 9,     /* follows "the" */
    NW_ND_CAP_INSIDE = 1 << 10,   /* capitalised away from sentence starts */
    NW_ND_AFTER_ORGCUE = 1 << 11, /* follows "firm", "watchdog" ... */
};

typedef struct nw_ner_docinfo {
    uint32_t *key;      /* word hash | 1 when used, 0 empty */
    uint16_t *flags;
    uint32_t mask;
    int lower;          /* the whole document is written in lower case */
} nw_ner_docinfo;

/* Collect the word facts of the whole document d.  0, or -1 out of
   memory (di is then empty and may be released). */
int nw_ner_docinfo_build(const nw_ner_gaz *g, const nw_doc *d,
                         nw_ner_docinfo *di);
/* Free di's tables (safe on an empty or released di). */
void nw_ner_docinfo_release(nw_ner_docinfo *di);
/* Facts (NW_ND_*) of the word with this hash; 0 when unseen or di NULL. */
uint16_t nw_ner_docinfo_get(const nw_ner_docinfo *di, uint32_t word_hash);

/* Features of tokens [first, end) (end - first <= NW_NER_CHUNK), inside the
   sentence [sfirst, send) that bounds their context.  Writes
   (end - first) * NW_NER_NF hashes to feats. */
void nw_ner_features(const nw_ner_gaz *g, const nw_ner_docinfo *di,
                     const nw_doc *d, uint32_t sfirst,
                     uint32_t send, uint32_t first, uint32_t end,
                     uint32_t *feats);

/* Case mode of a sentence (nw_ner_sent_mode): web text and headlines are
   often written all in lower case or all in capitals, where capitalisation
   says nothing about names. */
enum { NW_NER_MODE_NORMAL = 0, NW_NER_MODE_LOWER, NW_NER_MODE_UPPER };

/* Case mode of the sentence [sfirst, send) of a document with facts di:
   LOWER when the whole document is in lower case (di->lower: at least
   three words, and almost none capitalised away from sentence starts
   except "I"); else UPPER when the sentence has at least three words and
   most are all capitals; else NORMAL.  Looks at no more than the first 512
   tokens of the sentence. */
int nw_ner_sent_mode(const nw_ner_docinfo *di, const nw_doc *d,
                     uint32_t sfirst, uint32_t send);

/* 1 when token i (in the sentence [sfirst, send) of case mode `mode`)
   needs no model score: neither it nor a neighbour may be part of a name,
   so it is O.  A token may be part of a name when it is capitalised, or,
   in a LOWER sentence, when the gazetteers or the corpus capitalisation
   table (g) know it as a name word ("france", "tampa").  Its feature row is
   left zero by nw_ner_features() and its emissions are fixed by
   nw_ner_trivial_emit(). */
int nw_ner_trivial(const nw_ner_gaz *g, const nw_doc *d, uint32_t sfirst,
                   uint32_t send, uint32_t i, int mode);
/* The length of "al-" in "al-Sadr" (an Arabic particle -- al, el, ad, ar,
   as, ash, at, az, an, adh, ath, ud, bin, ibn, bint -- its hyphen, then a
   capital), else 0; nw_ner_particle_cap is that != 0.  Such a token is a
   capitalised name for NER: features, document facts and corpus tables
   read it as the name after the particle. */
uint32_t nw_ner_particle_len(const nw_doc *d, const nw_token *t);
int nw_ner_particle_cap(const nw_doc *d, const nw_token *t);
/* The word hash the features use: that of the name after a particle
   ("dabbagh" for "al-Dabbagh"), else the token's own. */
uint32_t nw_ner_word_hash(const nw_doc *d, const nw_token *t);

/* Emission scores of a trivial token (O only). */
void nw_ner_trivial_emit(float *em);

/* Fill the BIO "allowed transitions" matrix of a perceptron with
   NW_NER_NTAGS tags ((NTAGS + 1) * NTAGS entries, last row = start). */
void nw_ner_allowed(uint8_t *allowed);

#endif
