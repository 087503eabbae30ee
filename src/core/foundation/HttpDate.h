#pragma once

#include <QByteArray>
#include <QDateTime>

namespace cx {

// The one HTTP-date parser (RFC 7231 §7.1.1.1). Reads the preferred IMF-fixdate
//   "Sun, 06 Nov 1994 08:49:37 GMT"
// and the two obsolete forms a recipient must still accept:
//   "Sunday, 06-Nov-94 08:49:37 GMT"   (RFC 850; two-digit year, see below)
//   "Sun Nov  6 08:49:37 1994"         (ANSI C asctime(); day padded with a space)
// Returns a UTC QDateTime, or an invalid one when the text is none of these (surrounding whitespace is
// ignored; names are case-sensitive as the grammar says). `nowUtc` only places RFC 850's two-digit year:
// a year that would be more than 50 years in the future is taken as the most recent past year with
// those digits, as RFC 7231 asks.
QDateTime parseHttpDate(const QByteArray& text, const QDateTime& nowUtc);

} // namespace cx
