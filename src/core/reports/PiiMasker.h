#pragma once

#include <QString>

namespace cx::reports {

// Masks personal data in text bound for a training file:
//   e-mail addresses           -> [email]
//   card-like numbers          -> [card]   13–19 digits (spaces or hyphens between them allowed) passing
//                                          the Luhn check
//   phone numbers              -> [phone]  a '+' followed by 7–15 digits, or 9–15 digits, with spaces,
//                                          hyphens, dots or parentheses between them
// Card numbers are matched before phone numbers, e-mail addresses before both. Dates (2024-03-01: 8
// digits) and short numbers (order #12345) are kept; a 9+ digit order number is masked as a phone number —
// over-masking is the safe side. Not covered: names, postal addresses, IBANs.
class PiiMasker final {
public:
    static QString mask(const QString& text);
    static bool luhnValid(const QString& digits); // digits only
    static QString email() { return QStringLiteral("[email]"); }
    static QString card() { return QStringLiteral("[card]"); }
    static QString phone() { return QStringLiteral("[phone]"); }
};

} // namespace cx::reports
