#pragma once

#include <QString>

#include <optional>
#include <string_view>
#include <vector>

namespace cx::review {

// Levenshtein distance between two texts, counted in Unicode code points (not UTF-16 units): an emoji outside
// the BMP is one edit, a combining mark is its own code point, a ZWJ emoji sequence is as many code points as
// it holds. A lone (unpaired) surrogate counts as one code point with its own value, so distinct strings stay
// distinct.
struct EditDistance {
    int distance = 0; // insertions + deletions + substitutions
    double ratio = 0.0; // distance / max(length a, length b) in code points; 0 when both are empty
};

// Code points of a QString (surrogate pairs combined, lone surrogates kept as their 16-bit value).
std::u32string toCodePoints(const QString& text);

// Strips the common prefix and suffix, then runs edlib (levenshteinEdlib) or, above 256 distinct code points,
// levenshteinBitParallel. Both are exact.
EditDistance editDistance(const QString& a, const QString& b);

// The bit-parallel algorithm of Myers (1999) in Hyyrö's (2003) formulation, with 64-bit blocks for patterns
// longer than 64 code points, O(ceil(m/64) * n), no band and no prefix/suffix stripping; exposed so tests can
// hit block boundaries.
int levenshteinBitParallel(std::u32string_view a, std::u32string_view b);

// edlib (bit-parallel Myers with a doubling band) after renaming the code points of both inputs to dense byte
// symbols; nullopt when they hold more than 256 distinct code points (edlib's alphabet limit). No stripping.
std::optional<int> levenshteinEdlib(std::u32string_view a, std::u32string_view b);

// Plain O(m * n) dynamic programming over code points: the oracle the fast path is tested against.
int levenshteinReference(const QString& a, const QString& b);
int levenshteinReference(std::u32string_view a, std::u32string_view b);

} // namespace cx::review
