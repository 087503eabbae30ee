#include "learning/ExperimentStore.h"

#include "foundation/Clock.h"
#include "storage/Database.h"
#include "storage/SqlError.h"
#include "storage/SqlTime.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>
#include <QUuid>

namespace cx::learning {

using storage::fromSqlTime;
using storage::toError;
using storage::toSqlTime;

namespace {
QString tr(const char* text)
{
    return QCoreApplication::translate("Experiment", text);
}

const char* const kColumns = "id, name, variants, state, started_by, started_at, stopped_at";

QString variantsJson(const QList<ExperimentVariant>& variants)
{
    QJsonArray array;
    for (const ExperimentVariant& v : variants)
        array.append(QJsonObject { { QStringLiteral("label"), v.label },
            { QStringLiteral("prompt_version"), v.promptVersion }, { QStringLiteral("model"), v.model },
            { QStringLiteral("weight"), v.weight } });
    return QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Compact));
}

Experiment fromRow(const QSqlQuery& q)
{
    Experiment e;
    e.id = q.value(0).toString();
    e.name = q.value(1).toString();
    for (const QJsonValue& value : QJsonDocument::fromJson(q.value(2).toString().toUtf8()).array()) {
        const QJsonObject o = value.toObject();
        e.variants.append({ o.value(QStringLiteral("label")).toString(),
            o.value(QStringLiteral("prompt_version")).toString(), o.value(QStringLiteral("model")).toString(),
            o.value(QStringLiteral("weight")).toInt(1) });
    }
    e.state = q.value(3).toString();
    e.startedBy = q.value(4).toString();
    e.startedAt = fromSqlTime(q.value(5));
    e.stoppedAt = fromSqlTime(q.value(6));
    return e;
}

QVariant nullableText(const QString& s)
{
    return s.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : s;
}

// The outcome columns of a learning signal (customer_reply_grading g), in ExperimentOutcome's order.
const char* const kOutcomeColumns
    = "g.approved, g.approved_without_major_edits, g.edit_ratio, g.tone, g.accuracy, g.policy, g.approval_ms";

ExperimentOutcome outcomeFrom(const QSqlQuery& q, int first, int variant)
{
    ExperimentOutcome o;
    o.variant = variant;
    o.sent = q.value(first).toInt() != 0;
    o.approvedWithoutMajorEdits = q.value(first + 1).toInt() != 0;
    if (!q.value(first + 2).isNull())
        o.editRatio = q.value(first + 2).toDouble();
    o.tone = q.value(first + 3).toInt();
    o.accuracy = q.value(first + 4).toInt();
    o.policy = q.value(first + 5).toInt();
    if (!q.value(first + 6).isNull())
        o.approvalSeconds = q.value(first + 6).toDouble() / 1000.0;
    return o;
}
} // namespace

ExperimentStore::ExperimentStore(storage::Database& db)
    : m_db(db)
{
}

Result<Experiment> ExperimentStore::start(
    const QString& name, const QList<ExperimentVariant>& variants, const QString& by)
{
    if (Status valid = validateExperimentName(name); !valid)
        return valid.error();
    if (variants.size() < 2)
        return makeError(
            ErrorKind::Invalid, tr("An experiment needs at least two variants."), QStringLiteral("variants"));
    auto current = running();
    if (!current)
        return current.error();
    if (current.value())
        return makeError(ErrorKind::Conflict,
            tr("Experiment \"%1\" is still running; stop it first (one experiment at a time).")
                .arg(current.value()->name),
            QStringLiteral("name"));
    if (auto existing = find(name); existing)
        return makeError(ErrorKind::Conflict, tr("An experiment named \"%1\" already exists.").arg(name),
            QStringLiteral("name"));
    Experiment e;
    e.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    e.name = name;
    e.variants = variants;
    e.state = QStringLiteral("running");
    e.startedBy = by;
    e.startedAt = Clock::nowUtc();
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("INSERT INTO experiments (id, name, variants, state, started_by, started_at) "
                             "VALUES (?, ?, ?, ?, ?, ?)"));
    for (const QVariant& v : QVariantList { e.id, e.name, variantsJson(variants), e.state, e.startedBy,
             toSqlTime(e.startedAt, m_db.dialect()) })
        q.addBindValue(v);
    if (!q.exec())
        return toError(q, tr("starting the experiment"));
    return e;
}

Result<Experiment> ExperimentStore::stop(const QString& name)
{
    auto e = find(name);
    if (!e)
        return e.error();
    if (!e->running())
        return makeError(ErrorKind::Conflict, tr("Experiment \"%1\" is already stopped.").arg(name),
            QStringLiteral("name"));
    Experiment stopped = e.value();
    stopped.state = QStringLiteral("stopped");
    stopped.stoppedAt = Clock::nowUtc();
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral(
        "UPDATE experiments SET state = 'stopped', stopped_at = ? WHERE id = ? AND state = 'running'"));
    q.addBindValue(toSqlTime(stopped.stoppedAt, m_db.dialect()));
    q.addBindValue(stopped.id);
    if (!q.exec())
        return toError(q, tr("stopping the experiment"));
    if (q.numRowsAffected() != 1)
        return makeError(ErrorKind::Conflict, tr("Experiment \"%1\" is already stopped.").arg(name),
            QStringLiteral("name"));
    return stopped;
}

Result<Experiment> ExperimentStore::find(const QString& name)
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("SELECT %1 FROM experiments WHERE name = ?").arg(QLatin1String(kColumns)));
    q.addBindValue(name);
    if (!q.exec())
        return toError(q, tr("reading the experiment"));
    if (!q.next())
        return makeError(ErrorKind::NotFound, tr("There is no experiment named \"%1\".").arg(name),
            QStringLiteral("name"));
    return fromRow(q);
}

Result<std::optional<Experiment>> ExperimentStore::running()
{
    QSqlQuery q(m_db.connection());
    if (!q.exec(QStringLiteral("SELECT %1 FROM experiments WHERE state = 'running'")
                    .arg(QLatin1String(kColumns))))
        return toError(q, tr("reading the running experiment"));
    if (!q.next())
        return std::optional<Experiment> {};
    return std::optional<Experiment> { fromRow(q) };
}

Result<QList<Experiment>> ExperimentStore::list()
{
    QSqlQuery q(m_db.connection());
    if (!q.exec(QStringLiteral("SELECT %1 FROM experiments ORDER BY started_at DESC, name")
                    .arg(QLatin1String(kColumns))))
        return toError(q, tr("reading the experiments"));
    QList<Experiment> all;
    while (q.next())
        all.append(fromRow(q));
    return all;
}

Result<std::optional<ExperimentVariant>> ExperimentStore::assignDraft(
    const QString& draftId, qint64 accountId, qint64 conversationId)
{
    auto current = running();
    if (!current)
        return current.error();
    if (!current.value())
        return std::optional<ExperimentVariant> {};
    const Experiment& e = *current.value();
    const QString key = conversationKey(accountId, conversationId);
    const int index = assignVariant(e, key);
    if (index < 0)
        return std::optional<ExperimentVariant> {};
    const ExperimentVariant& v = e.variants.at(index);
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("INSERT INTO experiment_assignments (draft_id, experiment_id, variant_index, "
                             "variant, prompt_version, "
                             "model, conversation_key, assigned_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"));
    for (const QVariant& value : QVariantList { draftId, e.id, index, v.label, nullableText(v.promptVersion),
             nullableText(v.model), key, toSqlTime(Clock::nowUtc(), m_db.dialect()) })
        q.addBindValue(value);
    if (!q.exec())
        return toError(q, tr("recording the draft's experiment variant"));
    return std::optional<ExperimentVariant> { v };
}

Result<QList<ExperimentOutcome>> ExperimentStore::outcomes(const Experiment& experiment)
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("SELECT a.variant_index, %1 FROM experiment_assignments a "
                             "JOIN customer_reply_grading g ON g.draft_id = a.draft_id "
                             "WHERE a.experiment_id = ?")
                  .arg(QLatin1String(kOutcomeColumns)));
    q.addBindValue(experiment.id);
    if (!q.exec())
        return toError(q, tr("reading the experiment's outcomes"));
    QList<ExperimentOutcome> all;
    while (q.next())
        all.append(outcomeFrom(q, 1, q.value(0).toInt()));
    return all;
}

Result<QList<ExperimentDraftRow>> ExperimentStore::drafts(const Experiment& experiment)
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("SELECT a.draft_id, a.variant, a.prompt_version, a.model, a.assigned_at, "
                             "a.variant_index, g.id, %1 FROM experiment_assignments a "
                             "LEFT JOIN customer_reply_grading g ON g.draft_id = a.draft_id "
                             "WHERE a.experiment_id = ? ORDER BY a.assigned_at, a.draft_id")
                  .arg(QLatin1String(kOutcomeColumns)));
    q.addBindValue(experiment.id);
    if (!q.exec())
        return toError(q, tr("reading the experiment's drafts"));
    QList<ExperimentDraftRow> rows;
    while (q.next()) {
        ExperimentDraftRow r;
        r.draftId = q.value(0).toString();
        r.variant = q.value(1).toString();
        r.promptVersion = q.value(2).toString();
        r.model = q.value(3).toString();
        r.assignedAt = fromSqlTime(q.value(4));
        r.graded = !q.value(6).isNull();
        if (r.graded) {
            r.outcome = outcomeFrom(q, 7, q.value(5).toInt());
        } else {
            r.outcome.variant = q.value(5).toInt();
        }
        rows.append(r);
    }
    return rows;
}

} // namespace cx::learning
