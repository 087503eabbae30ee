#include "drafting/ToneValidator.h"

#include <QCoreApplication>
#include <QRegularExpression>

namespace cx::drafting {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate(
        "cx::drafting::ToneValidator", text); // lupdate's context for this file
}

int shoutedWords(const QString& text)
{
    static const QRegularExpression caps(QStringLiteral("\\b[[:upper:]]{4,}\\b"));
    int count = 0;
    auto it = caps.globalMatch(text);
    while (it.hasNext()) {
        it.next();
        ++count;
    }
    return count;
}

QString normalisedFigure(QString figure)
{
    figure.remove(QRegularExpression(QStringLiteral("[\\s,]")));
    return figure;
}

} // namespace

bool ToneValidator::hasEmpathy(const QString& text)
{
    static const QRegularExpression empathy(
        QStringLiteral(
            "\\b(sorry|apologi[sz]e|apologies|understand|frustrat\\w*|inconvenience|appreciate your "
            "patience|thank you for your patience|i can imagine|that must be|entschuldig\\w*|désolé|lo "
            "siento|disculp\\w*)\\b"),
        QRegularExpression::CaseInsensitiveOption | QRegularExpression::UseUnicodePropertiesOption);
    return empathy.match(text).hasMatch();
}

bool ToneValidator::customerUpset(const QStringList& customerTexts)
{
    static const QRegularExpression anger(
        QStringLiteral(
            "\\b(angry|furious|unacceptable|ridiculous|terrible|awful|worst|disgusting|scam|fed up|"
            "outrageous|useless|pathetic|incompetent|never again|third time|still waiting|complain\\w*)\\b"),
        QRegularExpression::CaseInsensitiveOption);
    for (const QString& text : customerTexts) {
        if (anger.match(text).hasMatch() || shoutedWords(text) >= 2 || text.contains(QLatin1String("!!")))
            return true;
    }
    return false;
}

QStringList ToneValidator::urls(const QString& text)
{
    static const QRegularExpression url(QStringLiteral("\\b(?:https?://|www\\.)[^\\s<>()\\[\\]\"']+"),
        QRegularExpression::CaseInsensitiveOption);
    QStringList out;
    auto it = url.globalMatch(text);
    while (it.hasNext()) {
        QString found = it.next().captured(0);
        while (!found.isEmpty() && QStringLiteral(".,;:!?").contains(found.back()))
            found.chop(1);
        out.append(found);
    }
    return out;
}

QStringList ToneValidator::figures(const QString& text)
{
    // Amounts (€12.50, 12,50 €, $30), percentages, and numbers of 2+ digits (days, order sizes, prices).
    static const QRegularExpression figure(QStringLiteral("(?:[$€£]\\s?)?\\d[\\d,\\.]*\\d%?|\\d\\d%?"));
    QStringList out;
    auto it = figure.globalMatch(text);
    while (it.hasNext()) {
        const QString found = it.next().captured(0);
        QString digits = found;
        digits.remove(QRegularExpression(QStringLiteral("\\D")));
        if (digits.size() >= 2)
            out.append(found);
    }
    return out;
}

ToneReport ToneValidator::validate(const QString& reply, const DraftPolicy& policy,
    const QList<Passage>& passages, const QStringList& customerTexts)
{
    ToneReport report;
    auto add = [&](const QString& rule, Severity severity, const QString& message) {
        report.findings.append(Finding { rule, severity, message });
    };
    const int words = static_cast<int>(
        reply.split(QRegularExpression(QStringLiteral("\\s+")), Qt::SkipEmptyParts).size());
    if (words > policy.maxWords) {
        add(QStringLiteral("too_long"), Severity::Warning,
            QCoreApplication::translate("cx::drafting::ToneValidator",
                "The draft has %n word(s); the limit is %1.", nullptr, int(words))
                .arg(policy.maxWords));
        report.labels.append(QStringLiteral("too_long"));
    } else if (words < policy.minWords) {
        add(QStringLiteral("too_short"), Severity::Warning,
            QCoreApplication::translate("cx::drafting::ToneValidator",
                "The draft has %n word(s); at least %1 expected.", nullptr, int(words))
                .arg(policy.minWords));
        report.labels.append(QStringLiteral("too_short"));
    }
    for (const QString& phrase : policy.forbiddenPhrases) {
        if (!phrase.isEmpty() && reply.contains(phrase, Qt::CaseInsensitive))
            add(QStringLiteral("forbidden_phrase"), Severity::Blocker,
                tr("Forbidden phrase: \"%1\".").arg(phrase));
    }
    for (const QString& phrase : policy.requiredPhrases) {
        if (!phrase.isEmpty() && !reply.contains(phrase, Qt::CaseInsensitive))
            add(QStringLiteral("missing_required_phrase"), Severity::Warning,
                tr("Required phrase missing: \"%1\".").arg(phrase));
    }
    if (shoutedWords(reply) >= 2 || reply.contains(QLatin1String("!!"))) {
        add(QStringLiteral("shouting"), Severity::Warning,
            tr("The draft shouts (capitals or repeated exclamation marks)."));
        report.labels.append(QStringLiteral("shouting"));
    }
    static const QRegularExpression placeholder(
        QStringLiteral("\\[[A-Za-z][A-Za-z _-]{0,30}\\]|\\{\\{[^}]*\\}\\}|<[A-Z][A-Z_]{2,}>|\\bX{3,}\\b"));
    const auto unfilled = placeholder.match(reply);
    if (unfilled.hasMatch())
        add(QStringLiteral("unfilled_placeholder"), Severity::Blocker,
            tr("Unfilled placeholder: %1").arg(unfilled.captured(0)));

    report.customerUpset = customerUpset(customerTexts);
    const bool empathetic = hasEmpathy(reply);
    if (report.customerUpset && !empathetic)
        add(QStringLiteral("missing_empathy"), Severity::Warning,
            tr("The customer is upset but the draft shows no empathy."));
    if (empathetic)
        report.labels.append(QStringLiteral("empathetic"));
    if (reply.contains(QRegularExpression(
            QStringLiteral("\\b(sorry|apolog\\w*)\\b"), QRegularExpression::CaseInsensitiveOption)))
        report.labels.append(QStringLiteral("apologetic"));

    QString known;
    for (const Passage& passage : passages)
        known += passage.text + QLatin1Char('\n') + passage.source + QLatin1Char('\n');
    for (const QString& link : urls(reply)) {
        if (!known.contains(link, Qt::CaseInsensitive))
            add(QStringLiteral("unsupported_link"), Severity::Blocker,
                tr("Link not found in any retrieved passage: %1").arg(link));
    }
    QStringList knownFigures;
    for (const QString& figure : figures(known + customerTexts.join(QLatin1Char('\n'))))
        knownFigures.append(normalisedFigure(figure));
    for (const QString& figure : figures(reply)) {
        if (!knownFigures.contains(normalisedFigure(figure)))
            add(QStringLiteral("unsupported_figure"), Severity::Warning,
                tr("Figure not found in any retrieved passage or customer message: %1").arg(figure));
    }
    if (report.labels.isEmpty())
        report.labels.append(QStringLiteral("neutral"));
    return report;
}

} // namespace cx::drafting
