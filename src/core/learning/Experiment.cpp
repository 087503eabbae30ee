#include "learning/Experiment.h"

#include "learning/ExperimentPrompts.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QRegularExpression>
#include <QSet>

namespace cx::learning {

namespace {
QString tr(const char* text)
{
    return QCoreApplication::translate("Experiment", text);
}
} // namespace

QString ExperimentVariant::spec() const
{
    return model.isEmpty() ? promptVersion : promptVersion + QLatin1Char('@') + model;
}

Status validateExperimentName(const QString& name)
{
    static const QRegularExpression valid(QStringLiteral("^[A-Za-z0-9_.-]{1,64}$"));
    if (!valid.match(name).hasMatch())
        return makeError(ErrorKind::Invalid,
            tr("\"%1\" is not an experiment name (1-64 letters, digits, '_', '.' or '-')").arg(name),
            QStringLiteral("name"));
    return Ok {};
}

Result<QList<ExperimentVariant>> parseVariants(const QString& text)
{
    static const QRegularExpression modelName(QStringLiteral("^[A-Za-z0-9._:/-]{1,128}$"));
    const QStringList specs = text.split(QLatin1Char(','));
    if (specs.size() < 2)
        return makeError(ErrorKind::Invalid,
            tr("--variants: \"%1\" names fewer than two variants (give PROMPT[@MODEL],PROMPT[@MODEL])")
                .arg(text),
            QStringLiteral("variants"));
    if (specs.size() > 26)
        return makeError(
            ErrorKind::Invalid, tr("--variants: at most 26 variants"), QStringLiteral("variants"));
    QList<ExperimentVariant> variants;
    QSet<QString> seen;
    for (qsizetype i = 0; i < specs.size(); ++i) {
        const QString spec = specs.at(i).trimmed();
        ExperimentVariant v;
        v.label = QString(QChar(static_cast<char16_t>(u'A' + i)));
        const qsizetype at = spec.indexOf(QLatin1Char('@'));
        v.promptVersion = at < 0 ? spec : spec.left(at);
        v.model = at < 0 ? QString() : spec.mid(at + 1);
        if (spec.isEmpty() || (v.promptVersion.isEmpty() && v.model.isEmpty()))
            return makeError(ErrorKind::Invalid, tr("--variants: variant %1 is empty").arg(v.label),
                QStringLiteral("variants"));
        if (!v.promptVersion.isEmpty() && !promptPolicy(v.promptVersion))
            return makeError(ErrorKind::Invalid,
                tr("--variants: \"%1\" is not a known prompt version (known: %2)")
                    .arg(v.promptVersion, knownPromptVersions().join(QStringLiteral(", "))),
                QStringLiteral("variants"));
        if (at >= 0 && !modelName.match(v.model).hasMatch())
            return makeError(ErrorKind::Invalid, tr("--variants: \"%1\" is not a model name").arg(v.model),
                QStringLiteral("variants"));
        if (seen.contains(v.spec()))
            return makeError(ErrorKind::Invalid, tr("--variants: \"%1\" is given twice").arg(v.spec()),
                QStringLiteral("variants"));
        seen.insert(v.spec());
        variants.append(v);
    }
    return variants;
}

Status applySplit(QList<ExperimentVariant>& variants, const QString& text)
{
    if (text.isEmpty()) {
        for (ExperimentVariant& v : variants)
            v.weight = 1;
        return Ok {};
    }
    const QStringList parts = text.split(QLatin1Char(','));
    if (parts.size() != variants.size())
        return makeError(ErrorKind::Invalid,
            tr("--split: \"%1\" has %2 shares for %3 variants")
                .arg(text)
                .arg(parts.size())
                .arg(variants.size()),
            QStringLiteral("split"));
    int sum = 0;
    QList<int> shares;
    for (const QString& part : parts) {
        bool ok = false;
        const int share = part.trimmed().toInt(&ok);
        if (!ok || share <= 0 || share > 100)
            return makeError(ErrorKind::Invalid, tr("--split: \"%1\" is not a share from 1 to 100").arg(part),
                QStringLiteral("split"));
        sum += share;
        shares.append(share);
    }
    if (sum != 100)
        return makeError(ErrorKind::Invalid, tr("--split: the shares add up to %1, not 100").arg(sum),
            QStringLiteral("split"));
    for (qsizetype i = 0; i < variants.size(); ++i)
        variants[i].weight = shares.at(i);
    return Ok {};
}

int assignVariant(const Experiment& experiment, const QString& conversationKey)
{
    quint64 total = 0;
    for (const ExperimentVariant& v : experiment.variants)
        total += quint64(qMax(0, v.weight));
    if (total == 0)
        return -1;
    const QByteArray digest = QCryptographicHash::hash(
        (QStringLiteral("cxpilot-experiment-v1\n") + experiment.id + QLatin1Char('\n') + conversationKey)
            .toUtf8(),
        QCryptographicHash::Sha256);
    quint64 value = 0;
    for (int i = 0; i < 8; ++i)
        value = (value << 8) | quint8(digest.at(i));
    // The modulo bias is below total / 2^64: negligible.
    quint64 bucket = value % total;
    for (qsizetype i = 0; i < experiment.variants.size(); ++i) {
        const quint64 w = quint64(qMax(0, experiment.variants.at(i).weight));
        if (bucket < w)
            return int(i);
        bucket -= w;
    }
    return int(experiment.variants.size()) - 1;
}

QString conversationKey(qint64 accountId, qint64 conversationId)
{
    return QStringLiteral("%1:%2").arg(accountId).arg(conversationId);
}

} // namespace cx::learning
