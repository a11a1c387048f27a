// Package analysis holds the bleve tokenizers, token filters and analyzers
// for cable text, reference IDs and TAGS codes. register.go is the only
// file with an init(); it registers every component under a "cable_"
// prefix (a duplicate name panics).
//
// Analyzers and their filter order:
//
//	cable_text        unicode tokenizer → cable_dots → cable_redact → cable_fold →
//	                  possessive_en → cable_refid → cable_number →
//	                  cable_stem → cable_common_grams
//	cable_text_index  cable_text → cable_no_offsets (what the index stores)
//	cable_text_query  the same, ending in cable_common_grams_query
//	                  (for phrase queries only)
//	cable_code        single tokenizer → cable_upper
//
// Token filters (each with a plain constructor for tests and reuse):
//
//	cable_dots                "sanctions.XXXXX" → "sanctions" "XXXXX"; "U.S.in" → "U.S" "in"; "U.S", "3.5" stay
//	cable_redact              "XXXXXXXXXXXX" → "xxredactedxx"; "gentleXXX" → "gentle" "xxredactedxx"
//	cable_fold                case and diacritic folding: "Côte" → "cote" (x/text, stateless)
//	cable_refid               "09moscow521" → "09moscow521"|"09"|"2009" "moscow" "521"
//	cable_number              "000521" → "521"
//	cable_stem                Snowball English, skipping numbers and IDs
//	cable_common_grams        adds "of_the" beside "of" for pairs with "the"/"of" or of two common words
//	cable_common_grams_query  keeps the grams and the words outside them
//	cable_upper               "prel" → "PREL"
//	cable_no_offsets          start and end offsets set to 0, positions kept
//
// Stop words are kept: removing them leaves position gaps that make
// phrases match the wrong text ("demarche Iran" would find "demarche on
// Iran"), and the common grams make phrases of common words cheap.
//
// It imports bleve's analysis packages and golang.org/x/text only, nothing
// from this module.
package analysis
