#include "review/Grades.h"

#include "foundation/Translate.h"
#include "review/EditDistance.h"

#include <QCoreApplication>
#include <QJsonValue>

#include <cmath>

namespace cx::review {

namespace {

QString tr(const char* text)
{
    return translateIn({ "cx::review", "cx" }, text);
}

cx::Error invalid(const QString& message, const QString& field)
{
    return cx::makeError(cx::ErrorKind::Invalid, message, field);
}

// A short, printable rendering of what the reviewer gave, for the error message.
QString shown(const QString& raw)
{
    constexpr int limit = 20;
    return raw.size() > limit ? raw.left(limit) + QStringLiteral("…") : raw;
}

cx::Error notAGrade(GradeAxis axis, const QString& given)
{
    return invalid(tr("%1 grade must be a whole number from 1 to 5 (got \"%2\").")
                       .arg(gradeAxisLabel(axis), shown(given)),
        gradeFieldName(axis));
}

cx::Result<int> checkRange(GradeAxis axis, qint64 value, const QString& given)
{
    if (value < kMinGrade || value > kMaxGrade) {
        return notAGrade(axis, given);
    }
    return static_cast<int>(value);
}

bool isAsciiDigits(const QString& text)
{
    if (text.isEmpty()) {
        return false;
    }
    for (const QChar c : text) {
        if (c < u'0' || c > u'9') {
            return false;
        }
    }
    return true;
}

} // namespace

QString gradeFieldName(GradeAxis axis)
{
    switch (axis) {
    case GradeAxis::Tone:
        return QStringLiteral("tone");
    case GradeAxis::Accuracy:
        return QStringLiteral("accuracy");
    case GradeAxis::Policy:
        return QStringLiteral("policy");
    }
    return {};
}

cx::Result<int> parseGrade(GradeAxis axis, const QVariant& raw)
{
    const int type = raw.metaType().id();
    if (type == QMetaType::QJsonValue) {
        return parseGrade(axis, raw.value<QJsonValue>().toVariant());
    }
    if (!raw.isValid() || type == QMetaType::Nullptr) {
        return invalid(tr("%1 grade is missing: give a whole number from 1 to 5.").arg(gradeAxisLabel(axis)),
            gradeFieldName(axis));
    }
    switch (type) {
    case QMetaType::Int:
    case QMetaType::Short:
    case QMetaType::SChar:
    case QMetaType::Long:
    case QMetaType::LongLong:
        return checkRange(axis, raw.toLongLong(), raw.toString());
    case QMetaType::UInt:
    case QMetaType::UShort:
    case QMetaType::UChar:
    case QMetaType::ULong:
    case QMetaType::ULongLong: {
        const qulonglong value = raw.toULongLong();
        return checkRange(axis, value > 100 ? 100 : static_cast<qint64>(value), raw.toString());
    }
    case QMetaType::Double:
    case QMetaType::Float: {
        const double value = raw.toDouble();
        if (!std::isfinite(value) || std::floor(value) != value || std::fabs(value) > 100) {
            return notAGrade(axis, QString::number(value));
        }
        return checkRange(axis, static_cast<qint64>(value), QString::number(value));
    }
    case QMetaType::QString: {
        const QString text = raw.toString();
        const QString trimmed = text.trimmed();
        if (trimmed.isEmpty()) {
            return invalid(
                tr("%1 grade is missing: give a whole number from 1 to 5.").arg(gradeAxisLabel(axis)),
                gradeFieldName(axis));
        }
        if (!isAsciiDigits(trimmed) || trimmed.size() > 3) {
            return notAGrade(axis, text);
        }
        return checkRange(axis, trimmed.toLongLong(), text);
    }
    default:
        // bool, byte arrays, lists, ...: a grade is never one of those.
        return notAGrade(axis, raw.toString());
    }
}

cx::Result<Grades> parseGrades(const QVariant& tone, const QVariant& accuracy, const QVariant& policy)
{
    const cx::Result<int> t = parseGrade(GradeAxis::Tone, tone);
    if (!t) {
        return t.error();
    }
    const cx::Result<int> a = parseGrade(GradeAxis::Accuracy, accuracy);
    if (!a) {
        return a.error();
    }
    const cx::Result<int> p = parseGrade(GradeAxis::Policy, policy);
    if (!p) {
        return p.error();
    }
    return Grades { *t, *a, *p };
}

cx::Result<Grades> parseGrades(const QJsonObject& object)
{
    // A missing key gives an invalid QVariant: reported as missing, never defaulted.
    const auto get = [&object](GradeAxis axis) {
        const QString key = gradeFieldName(axis);
        return object.contains(key) ? QVariant::fromValue(object.value(key)) : QVariant();
    };
    return parseGrades(get(GradeAxis::Tone), get(GradeAxis::Accuracy), get(GradeAxis::Policy));
}

QString gradeAxisLabel(GradeAxis axis)
{
    switch (axis) {
    case GradeAxis::Tone:
        return tr("Tone");
    case GradeAxis::Accuracy:
        return tr("Accuracy");
    case GradeAxis::Policy:
        return tr("Policy");
    }
    return {};
}

QString gradeAxisDescription(GradeAxis axis)
{
    switch (axis) {
    case GradeAxis::Tone:
        return tr("Friendly, professional, aligned with the brand voice");
    case GradeAxis::Accuracy:
        return tr("Factually correct, addresses the customer's need");
    case GradeAxis::Policy:
        return tr("Follows company policies and guidelines");
    }
    return {};
}

QString gradeScaleText(int value)
{
    switch (value) {
    case 1:
        return tr("Unacceptable: complete rewrite needed");
    case 2:
        return tr("Below standard: significant issues");
    case 3:
        return tr("Acceptable: needs work");
    case 4:
        return tr("Good: minor improvements possible");
    case 5:
        return tr("Excellent: a perfect example of quality");
    default:
        return {};
    }
}

QString gradeTooltip(GradeAxis axis)
{
    QString text = gradeAxisLabel(axis) + QStringLiteral(": ") + gradeAxisDescription(axis);
    for (int value = kMaxGrade; value >= kMinGrade; --value) {
        text += QStringLiteral("\n") + QString::number(value) + QStringLiteral(" – ") + gradeScaleText(value);
    }
    return text;
}

cx::Result<QString> validateReviewer(const QString& name)
{
    const QString field = QStringLiteral("reviewer");
    const QString trimmed = name.trimmed();
    if (trimmed.isEmpty()) {
        return invalid(tr("A reviewer's name is required."), field);
    }
    const std::u32string codePoints = toCodePoints(trimmed);
    if (codePoints.size() > static_cast<std::size_t>(kMaxReviewerLength)) {
        return invalid(
            tr("The reviewer's name is longer than %1 characters.").arg(kMaxReviewerLength), field);
    }
    bool hasLetter = false;
    for (const char32_t c : codePoints) {
        const QChar::Category category = QChar::category(c);
        if (category == QChar::Other_Control || category == QChar::Other_Surrogate) {
            return invalid(tr("The reviewer's name contains a control character."), field);
        }
        hasLetter = hasLetter || QChar::isLetter(c);
    }
    if (!hasLetter) {
        return invalid(tr("The reviewer's name must contain a letter."), field);
    }

    // Compare without case, inner spacing or surrounding punctuation: "<Unknown>", " SYSTEM ", "n/a".
    QString key = trimmed.simplified().toCaseFolded();
    while (!key.isEmpty() && !key.front().isLetterOrNumber()) {
        key.remove(0, 1);
    }
    while (!key.isEmpty() && !key.back().isLetterOrNumber()) {
        key.chop(1);
    }
    static const QStringList placeholders = {
        QStringLiteral("unknown"),
        QStringLiteral("system"),
        QStringLiteral("reviewer"),
        QStringLiteral("anonymous"),
        QStringLiteral("anon"),
        QStringLiteral("current_user"),
        QStringLiteral("current user"),
        QStringLiteral("user"),
        QStringLiteral("none"),
        QStringLiteral("null"),
        QStringLiteral("nil"),
        QStringLiteral("undefined"),
        QStringLiteral("n/a"),
        QStringLiteral("na"),
        QStringLiteral("bot"),
        QStringLiteral("ai"),
        QStringLiteral("cx pilot"),
        QStringLiteral("cxpilot"),
    };
    if (placeholders.contains(key)) {
        return invalid(
            tr("\"%1\" is not a person's name: the reviewer must be named.").arg(shown(trimmed)), field);
    }
    return trimmed;
}

cx::Result<QString> validateFinalText(const QString& text)
{
    const QString field = QStringLiteral("text");
    if (text.trimmed().isEmpty()) {
        return invalid(tr("The reply is empty."), field);
    }
    // Fast bound first: a UTF-16 length within the limit is also within it in code points.
    if (text.size() > kMaxReplyLength
        && toCodePoints(text).size() > static_cast<std::size_t>(kMaxReplyLength)) {
        return invalid(
            tr("The reply is longer than %1 characters, the most Chatwoot accepts.").arg(kMaxReplyLength),
            field);
    }
    return text;
}

} // namespace cx::review
