#include "learning/CalibrationStore.h"

#include "foundation/Clock.h"
#include "foundation/Translate.h"
#include "storage/Database.h"
#include "storage/SqlError.h"
#include "storage/SqlTime.h"

#include <QSqlQuery>
#include <QUuid>

namespace cx::learning {

namespace {

using storage::Dialect;
using storage::fromSqlTime;
using storage::toSqlTime;

QString tr(const char* text)
{
    return translateIn({ "cx::learning", "cx" }, text);
}

Status exec(QSqlQuery& q, const QVariantList& values, const QString& context)
{
    for (const QVariant& v : values) {
        q.addBindValue(v);
    }
    if (!q.exec()) {
        return storage::toError(q, context);
    }
    return Ok {};
}

QString sentCondition(Dialect dialect)
{
    return dialect == Dialect::Sqlite ? QStringLiteral("g.approved = 1") : QStringLiteral("g.approved");
}

review::Grades gradesAt(const QSqlQuery& q, int first)
{
    return { q.value(first).toInt(), q.value(first + 1).toInt(), q.value(first + 2).toInt() };
}

} // namespace

CalibrationStore::CalibrationStore(storage::Database& db)
    : m_db(db)
{
}

Result<QList<CalibrationCandidate>> CalibrationStore::sentCandidates(
    const QDateTime& from, const QDateTime& to, int limit)
{
    QSqlQuery q(m_db.connection());
    q.prepare(
        QStringLiteral("SELECT g.id, COALESCE(g.inbox_id, 0), g.tone, g.accuracy, g.policy, g.graded_at "
                       "FROM customer_reply_grading g WHERE %1 AND g.graded_at >= ? AND g.graded_at < ? "
                       "ORDER BY g.graded_at DESC, g.id LIMIT ?")
            .arg(sentCondition(m_db.dialect())));
    if (Status st = exec(q, { toSqlTime(from, m_db.dialect()), toSqlTime(to, m_db.dialect()), limit },
            tr("reading sent replies for calibration"));
        !st) {
        return st.error();
    }
    QList<CalibrationCandidate> out;
    while (q.next()) {
        out.append(
            { q.value(0).toString(), q.value(1).toLongLong(), gradesAt(q, 2), fromSqlTime(q.value(5)) });
    }
    return out;
}

Result<CalibrationSession> CalibrationStore::createSession(const QString& name, const QString& lead,
    const QStringList& gradingIds, const QString& sampling, std::optional<qint64> seed)
{
    const QString trimmed = name.trimmed();
    if (trimmed.isEmpty() || trimmed.size() > 200) {
        return makeError(ErrorKind::Invalid, tr("A calibration session needs a name of 1 to 200 characters."),
            QStringLiteral("name"));
    }
    const auto who = review::validateReviewer(lead);
    if (!who) {
        return who.error();
    }
    if (sampling != QLatin1String("picked") && sampling != QLatin1String("stratified")) {
        return makeError(ErrorKind::Invalid,
            tr("Unknown sampling \"%1\" (expected picked or stratified).").arg(sampling),
            QStringLiteral("sampling"));
    }
    if (Status st = validateCalibrationItems(gradingIds); !st) {
        return st.error();
    }
    CalibrationSession session;
    session.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    session.name = trimmed;
    session.createdBy = who.value();
    session.createdAt = Clock::nowUtc();
    session.sampling = sampling;
    session.itemCount = static_cast<int>(gradingIds.size());
    const Dialect dialect = m_db.dialect();
    const Status written = m_db.transaction([&](QSqlDatabase& db) -> Status {
        // Only replies that were sent: a calibration never looks at (or sends) anything else.
        for (const QString& id : gradingIds) {
            if (QUuid::fromString(id).isNull()) { // learning signals are keyed by UUIDs
                return makeError(
                    ErrorKind::Invalid, tr("\"%1\" is not a reply id.").arg(id), QStringLiteral("items"));
            }
            QSqlQuery check(db);
            check.prepare(QStringLiteral("SELECT 1 FROM customer_reply_grading g WHERE g.id = ? AND %1")
                              .arg(sentCondition(dialect)));
            if (Status st = exec(check, { id }, tr("checking a calibration item")); !st) {
                return st;
            }
            if (!check.next()) {
                return makeError(ErrorKind::Invalid,
                    tr("\"%1\" is not a sent reply, so it cannot be calibrated.").arg(id),
                    QStringLiteral("items"));
            }
        }
        QSqlQuery q(db);
        q.prepare(
            QStringLiteral("INSERT INTO calibration_sessions (id, name, created_by, created_at, sampling, "
                           "seed) VALUES (?, ?, ?, ?, ?, ?)"));
        if (Status st = exec(q,
                { session.id, session.name, session.createdBy, toSqlTime(session.createdAt, dialect),
                    sampling, seed ? QVariant(*seed) : QVariant() },
                tr("creating the calibration session"));
            !st) {
            return st;
        }
        for (qsizetype i = 0; i < gradingIds.size(); ++i) {
            QSqlQuery item(db);
            item.prepare(QStringLiteral(
                "INSERT INTO calibration_items (session_id, position, grading_id) VALUES (?, ?, ?)"));
            if (Status st = exec(item, { session.id, static_cast<int>(i + 1), gradingIds[i] },
                    tr("adding a calibration item"));
                !st) {
                return st;
            }
        }
        return Ok {};
    });
    if (!written) {
        return written.error();
    }
    return session;
}

Result<QList<CalibrationSession>> CalibrationStore::sessions()
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("SELECT s.id, s.name, s.created_by, s.created_at, s.closed_at, s.sampling, "
                             "(SELECT COUNT(*) FROM calibration_items i WHERE i.session_id = s.id) "
                             "FROM calibration_sessions s ORDER BY s.created_at DESC, s.id"));
    if (Status st = exec(q, {}, tr("reading calibration sessions")); !st) {
        return st.error();
    }
    QList<CalibrationSession> out;
    while (q.next()) {
        out.append({ q.value(0).toString(), q.value(1).toString(), q.value(2).toString(),
            fromSqlTime(q.value(3)), fromSqlTime(q.value(4)), q.value(5).toString(), q.value(6).toInt() });
    }
    return out;
}

Result<CalibrationSession> CalibrationStore::session(const QString& sessionId)
{
    auto all = sessions();
    if (!all) {
        return all.error();
    }
    for (const CalibrationSession& s : all.value()) {
        if (s.id == sessionId) {
            return s;
        }
    }
    return makeError(
        ErrorKind::NotFound, tr("No calibration session \"%1\".").arg(sessionId), QStringLiteral("session"));
}

Result<QList<CalibrationItem>> CalibrationStore::items(const QString& sessionId)
{
    QSqlQuery q(m_db.connection());
    // Deliberately not the grades of customer_reply_grading: the original reviewer's stay hidden.
    q.prepare(QStringLiteral("SELECT i.position, i.grading_id, COALESCE(g.inbox_id, 0), "
                             "COALESCE(g.customer_message, ''), COALESCE(g.human_reply, '') "
                             "FROM calibration_items i JOIN customer_reply_grading g ON g.id = i.grading_id "
                             "WHERE i.session_id = ? ORDER BY i.position"));
    if (Status st = exec(q, { sessionId }, tr("reading calibration items")); !st) {
        return st.error();
    }
    QList<CalibrationItem> out;
    while (q.next()) {
        out.append({ q.value(0).toInt(), q.value(1).toString(), q.value(2).toLongLong(),
            q.value(3).toString(), q.value(4).toString() });
    }
    return out;
}

Result<QList<int>> CalibrationStore::gradedBy(const QString& sessionId, const QString& reviewer)
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral(
        "SELECT position FROM calibration_grades WHERE session_id = ? AND reviewer = ? ORDER BY position"));
    if (Status st = exec(q, { sessionId, reviewer }, tr("reading calibration progress")); !st) {
        return st.error();
    }
    QList<int> out;
    while (q.next()) {
        out.append(q.value(0).toInt());
    }
    return out;
}

Result<QList<CalibrationProgress>> CalibrationStore::progress(const QString& sessionId)
{
    QSqlQuery q(m_db.connection());
    // PostgreSQL: a SECURITY DEFINER function counts the rows this reviewer's policy hides, without grades.
    q.prepare(m_db.dialect() == Dialect::Sqlite
            ? QStringLiteral("SELECT reviewer, COUNT(*), MAX(simulated) FROM calibration_grades "
                             "WHERE session_id = ? GROUP BY reviewer ORDER BY reviewer")
            : QStringLiteral("SELECT reviewer, graded, simulated FROM calibration_progress(?)"));
    if (Status st = exec(q, { sessionId }, tr("reading calibration progress")); !st) {
        return st.error();
    }
    QList<CalibrationProgress> out;
    while (q.next()) {
        out.append({ q.value(0).toString(), q.value(1).toInt(), q.value(2).toBool() });
    }
    return out;
}

Status CalibrationStore::insertGrade(const QString& sessionId, int position, const QString& reviewer,
    const review::Grades& grades, bool simulated)
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("SELECT 1 FROM calibration_items WHERE session_id = ? AND position = ?"));
    if (Status st = exec(q, { sessionId, position }, tr("checking a calibration item")); !st) {
        return st;
    }
    if (!q.next()) {
        return makeError(ErrorKind::Invalid, tr("Item %1 is not in this calibration session.").arg(position),
            QStringLiteral("position"));
    }
    QSqlQuery insert(m_db.connection());
    insert.prepare(
        QStringLiteral("INSERT INTO calibration_grades (session_id, position, reviewer, tone, accuracy, "
                       "policy, simulated, graded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"));
    const Status st = exec(insert,
        { sessionId, position, reviewer, grades.tone, grades.accuracy, grades.policy,
            m_db.dialect() == Dialect::Sqlite ? QVariant(simulated ? 1 : 0) : QVariant(simulated),
            toSqlTime(Clock::nowUtc(), m_db.dialect()) },
        tr("saving the calibration grade"));
    if (!st && st.error().kind == ErrorKind::Conflict && st.error().field.isEmpty()) {
        // The primary key: this reviewer already graded this item.
        return makeError(ErrorKind::Conflict,
            tr("Item %1 is already graded by %2.").arg(position).arg(reviewer), QStringLiteral("grades"));
    }
    return st;
}

Status CalibrationStore::saveGrade(
    const QString& sessionId, int position, const QString& reviewer, const review::Grades& grades)
{
    const auto who = review::validateReviewer(reviewer);
    if (!who) {
        return who.error();
    }
    const auto checked = review::parseGrades(grades.tone, grades.accuracy, grades.policy);
    if (!checked) {
        return checked.error();
    }
    return insertGrade(sessionId, position, who.value(), checked.value(), false);
}

Status CalibrationStore::simulateReviewer(const QString& sessionId, std::uint64_t seed)
{
    QSqlQuery q(m_db.connection());
    q.prepare(
        QStringLiteral("SELECT i.position, g.tone, g.accuracy, g.policy FROM calibration_items i "
                       "JOIN customer_reply_grading g ON g.id = i.grading_id WHERE i.session_id = ? "
                       "AND NOT EXISTS (SELECT 1 FROM calibration_grades c WHERE c.session_id = i.session_id "
                       "AND c.position = i.position AND c.reviewer = ?) ORDER BY i.position"));
    const QString name = QString::fromLatin1(kSimulatedReviewer);
    if (Status st = exec(q, { sessionId, name }, tr("reading calibration items")); !st) {
        return st;
    }
    QList<QPair<int, review::Grades>> todo;
    while (q.next()) {
        todo.append({ q.value(0).toInt(), simulatedGrades(gradesAt(q, 1), q.value(0).toInt(), seed) });
    }
    return m_db.transaction([&](QSqlDatabase&) -> Status {
        for (const auto& [position, grades] : todo) {
            if (Status st = insertGrade(sessionId, position, name, grades, true); !st) {
                return st;
            }
        }
        return Ok {};
    });
}

Status CalibrationStore::close(const QString& sessionId, const QString& lead)
{
    auto s = session(sessionId);
    if (!s) {
        return s.error();
    }
    if (s.value().createdBy != lead) {
        return makeError(ErrorKind::Unauthorized,
            tr("Only %1, who started this calibration session, can close it.").arg(s.value().createdBy),
            QStringLiteral("session"));
    }
    if (!s.value().isOpen()) {
        return makeError(
            ErrorKind::Conflict, tr("The calibration session is already closed."), QStringLiteral("session"));
    }
    QSqlQuery q(m_db.connection());
    q.prepare(
        QStringLiteral("UPDATE calibration_sessions SET closed_at = ? WHERE id = ? AND closed_at IS NULL"));
    if (Status st = exec(q, { toSqlTime(Clock::nowUtc(), m_db.dialect()), sessionId },
            tr("closing the calibration session"));
        !st) {
        return st;
    }
    if (q.numRowsAffected() != 1) {
        return makeError(ErrorKind::Unauthorized,
            tr("The calibration session could not be closed by %1.").arg(lead), QStringLiteral("session"));
    }
    return Ok {};
}

Result<QList<CalibrationGrade>> CalibrationStore::grades(const QString& sessionId)
{
    auto s = session(sessionId);
    if (!s) {
        return s.error();
    }
    if (s.value().isOpen()) {
        return makeError(ErrorKind::Conflict,
            tr("The calibration session is still open: grades stay hidden until the lead closes it."),
            QStringLiteral("session"));
    }
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("SELECT position, reviewer, tone, accuracy, policy, simulated, graded_at "
                             "FROM calibration_grades WHERE session_id = ? ORDER BY position, reviewer"));
    if (Status st = exec(q, { sessionId }, tr("reading calibration grades")); !st) {
        return st.error();
    }
    QList<CalibrationGrade> out;
    while (q.next()) {
        out.append({ q.value(0).toInt(), q.value(1).toString(), gradesAt(q, 2), q.value(5).toBool(),
            fromSqlTime(q.value(6)) });
    }
    return out;
}

} // namespace cx::learning
