#include "learning/IsotonicCalibration.h"

#include "foundation/Clock.h"
#include "storage/Database.h"
#include "storage/SqlError.h"
#include "storage/SqlTime.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlQuery>
#include <QUuid>

#include <algorithm>
#include <cmath>

namespace cx::learning {

namespace {
QString tr(const char* text)
{
    return QCoreApplication::translate("Calibration", text);
}

constexpr int kFolds = 5;

IsotonicFit fitOf(const QList<CalibrationSample>& samples)
{
    QList<IsotonicPoint> points;
    points.reserve(samples.size());
    for (const CalibrationSample& s : samples)
        points.append({ s.confidence, s.sentWithoutMajorEdits ? 1.0 : 0.0, 1.0 });
    return IsotonicRegression::fit(points);
}

const IsotonicFit& fitFor(const IsotonicCalibration& c, const QString& risk)
{
    const auto it = c.byRisk.constFind(risk);
    return it != c.byRisk.cend() ? *it : c.pooled;
}

IsotonicCalibration fitWithoutEce(const QList<CalibrationSample>& samples, int minPerRisk)
{
    IsotonicCalibration c;
    c.sampleSize = int(samples.size());
    c.pooled = fitOf(samples);
    QHash<QString, QList<CalibrationSample>> byRisk;
    for (const CalibrationSample& s : samples)
        byRisk[s.riskLevel].append(s);
    for (auto it = byRisk.cbegin(); it != byRisk.cend(); ++it) {
        c.samplesByRisk.insert(it.key(), int(it->size()));
        if (!it.key().isEmpty() && it->size() >= minPerRisk)
            c.byRisk.insert(it.key(), fitOf(*it));
    }
    return c;
}

QJsonObject fitJson(const IsotonicFit& f)
{
    QJsonArray lower, value, weight;
    for (qsizetype i = 0; i < f.value.size(); ++i) {
        lower.append(f.lower.at(i));
        value.append(f.value.at(i));
        weight.append(f.weight.at(i));
    }
    return { { QStringLiteral("lower"), lower }, { QStringLiteral("value"), value },
        { QStringLiteral("weight"), weight } };
}

IsotonicFit fitFromJson(const QJsonObject& o)
{
    IsotonicFit f;
    const QJsonArray lower = o.value(QStringLiteral("lower")).toArray();
    const QJsonArray value = o.value(QStringLiteral("value")).toArray();
    const QJsonArray weight = o.value(QStringLiteral("weight")).toArray();
    for (qsizetype i = 0; i < qMin(lower.size(), value.size()); ++i) {
        f.lower.append(lower.at(i).toDouble());
        f.value.append(value.at(i).toDouble());
        f.weight.append(weight.at(i).toDouble());
    }
    return f;
}
} // namespace

double IsotonicCalibration::calibrate(double raw, const QString& risk) const
{
    return fitFor(*this, risk).predict(raw);
}

int IsotonicCalibration::support(double raw, const QString& risk) const
{
    const IsotonicFit& f = fitFor(*this, risk);
    if (f.isEmpty())
        return 0;
    const auto it = std::upper_bound(f.lower.cbegin(), f.lower.cend(), raw);
    const qsizetype i = it == f.lower.cbegin() ? 0 : (it - f.lower.cbegin()) - 1;
    return int(std::lround(f.weight.at(i)));
}

QJsonObject IsotonicCalibration::toJson() const
{
    QJsonObject risks, counts;
    for (auto it = byRisk.cbegin(); it != byRisk.cend(); ++it)
        risks.insert(it.key(), fitJson(*it));
    for (auto it = samplesByRisk.cbegin(); it != samplesByRisk.cend(); ++it)
        counts.insert(it.key().isEmpty() ? QStringLiteral("none") : it.key(), *it);
    return { { QStringLiteral("method"), QStringLiteral("isotonic (pool-adjacent-violators)") },
        { QStringLiteral("pooled"), fitJson(pooled) }, { QStringLiteral("by_risk"), risks },
        { QStringLiteral("samples_by_risk"), counts } };
}

IsotonicCalibration IsotonicCalibration::fromJson(const QJsonObject& json)
{
    IsotonicCalibration c;
    c.pooled = fitFromJson(json.value(QStringLiteral("pooled")).toObject());
    const QJsonObject risks = json.value(QStringLiteral("by_risk")).toObject();
    for (auto it = risks.begin(); it != risks.end(); ++it)
        c.byRisk.insert(it.key(), fitFromJson(it->toObject()));
    const QJsonObject counts = json.value(QStringLiteral("samples_by_risk")).toObject();
    for (auto it = counts.begin(); it != counts.end(); ++it)
        c.samplesByRisk.insert(it.key() == QLatin1String("none") ? QString() : it.key(), it->toInt());
    return c;
}

IsotonicCalibration fitCalibration(const QList<CalibrationSample>& samples, int minPerRisk)
{
    IsotonicCalibration c = fitWithoutEce(samples, minPerRisk);
    QList<Forecast> raw, crossValidated;
    for (const CalibrationSample& s : samples)
        raw.append({ s.confidence, s.sentWithoutMajorEdits });
    c.eceBefore = expectedCalibrationError(raw);
    // Folds by position (deterministic); each held-out sample is predicted by the fit on the others.
    for (int fold = 0; fold < kFolds; ++fold) {
        QList<CalibrationSample> train, test;
        for (qsizetype i = 0; i < samples.size(); ++i)
            (i % kFolds == fold ? test : train).append(samples.at(i));
        if (test.isEmpty())
            continue;
        const IsotonicCalibration f = fitWithoutEce(train, minPerRisk);
        for (const CalibrationSample& s : test)
            crossValidated.append({ f.isEmpty() ? s.confidence : f.calibrate(s.confidence, s.riskLevel),
                s.sentWithoutMajorEdits });
    }
    c.eceAfter = expectedCalibrationError(crossValidated);
    return c;
}

QString calibratedConfidenceText(
    const IsotonicCalibration& calibration, double raw, const QString& risk, int minSupport)
{
    if (calibration.isEmpty())
        return {};
    const int n = calibration.support(raw, risk);
    if (n < minSupport)
        return {};
    return tr("Drafts like this were sent with minor or no edits %1 % of the time (n = %2).")
        .arg(qRound(calibration.calibrate(raw, risk) * 100))
        .arg(n);
}

IsotonicCalibrationStore::IsotonicCalibrationStore(storage::Database& db)
    : m_db(db)
{
}

Result<QList<CalibrationSample>> IsotonicCalibrationStore::samples()
{
    QSqlQuery q(m_db.connection());
    // Oldest first, so the cross-validation folds interleave time.
    if (!q.exec(QStringLiteral("SELECT g.confidence, d.risk_level, g.approved_without_major_edits "
                               "FROM customer_reply_grading g LEFT JOIN drafts d ON d.id = g.draft_id "
                               "WHERE g.confidence IS NOT NULL ORDER BY g.graded_at, g.id")))
        return storage::toError(q, tr("reading the calibration data"));
    QList<CalibrationSample> all;
    while (q.next())
        all.append({ q.value(0).toDouble(), q.value(1).toString(), q.value(2).toInt() != 0 });
    return all;
}

Result<IsotonicCalibration> IsotonicCalibrationStore::refit(const QString& by)
{
    auto data = samples();
    if (!data)
        return data.error();
    if (data->isEmpty())
        return makeError(ErrorKind::Invalid,
            tr("No reviewed drafts with a confidence yet: nothing to calibrate."), QStringLiteral("samples"));
    IsotonicCalibration c = fitCalibration(*data);
    c.fittedAt = Clock::nowUtc();
    c.fittedBy = by;
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("INSERT INTO confidence_calibrations (id, fitted_at, fitted_by, sample_size, "
                             "ece_before, ece_after, model) VALUES (?, ?, ?, ?, ?, ?, ?)"));
    for (const QVariant& v : QVariantList { QUuid::createUuid().toString(QUuid::WithoutBraces),
             storage::toSqlTime(c.fittedAt, m_db.dialect()), by, c.sampleSize, c.eceBefore, c.eceAfter,
             QString::fromUtf8(QJsonDocument(c.toJson()).toJson(QJsonDocument::Compact)) })
        q.addBindValue(v);
    if (!q.exec())
        return storage::toError(q, tr("saving the calibration"));
    return c;
}

Result<std::optional<IsotonicCalibration>> IsotonicCalibrationStore::latest()
{
    QSqlQuery q(m_db.connection());
    if (!q.exec(QStringLiteral("SELECT fitted_at, fitted_by, sample_size, ece_before, ece_after, model "
                               "FROM confidence_calibrations ORDER BY fitted_at DESC LIMIT 1")))
        return storage::toError(q, tr("reading the calibration"));
    if (!q.next())
        return std::optional<IsotonicCalibration> {};
    IsotonicCalibration c
        = IsotonicCalibration::fromJson(QJsonDocument::fromJson(q.value(5).toString().toUtf8()).object());
    c.fittedAt = storage::fromSqlTime(q.value(0));
    c.fittedBy = q.value(1).toString();
    c.sampleSize = q.value(2).toInt();
    c.eceBefore = q.value(3).toDouble();
    c.eceAfter = q.value(4).toDouble();
    return std::optional<IsotonicCalibration> { c };
}

Result<ReliabilityReport> IsotonicCalibrationStore::reliability()
{
    ReliabilityReport r;
    auto fit = latest();
    if (!fit)
        return fit.error();
    r.calibration = fit.value();
    auto data = samples();
    if (!data)
        return data.error();
    r.samples = int(data->size());
    QList<Forecast> raw, calibrated;
    for (const CalibrationSample& s : data.value()) {
        raw.append({ s.confidence, s.sentWithoutMajorEdits });
        if (r.calibration)
            calibrated.append(
                { r.calibration->calibrate(s.confidence, s.riskLevel), s.sentWithoutMajorEdits });
    }
    r.raw = reliabilityBins(raw);
    if (r.calibration)
        r.calibrated = reliabilityBins(calibrated);
    return r;
}

} // namespace cx::learning
