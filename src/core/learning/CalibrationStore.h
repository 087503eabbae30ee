#pragma once

#include "foundation/Result.h"
#include "learning/Calibration.h"

namespace cx::storage {
class Database;
}

namespace cx::learning {

struct CalibrationSession {
    QString id;
    QString name;
    QString createdBy; // the lead
    QDateTime createdAt;
    QDateTime closedAt; // null while open
    QString sampling; // "picked" | "stratified"
    int itemCount = 0;

    bool isOpen() const { return closedAt.isNull(); }
};

// What a participant sees of an item: the customer's message and the reply that was sent — never anyone's
// grades (the original reviewer's included), so grading is blind.
struct CalibrationItem {
    int position = 0;
    QString gradingId;
    qint64 inboxId = 0;
    QString customerMessage;
    QString sentReply;
};

struct CalibrationProgress {
    QString reviewer;
    int graded = 0;
    bool simulated = false;
};

// Calibration sessions in the database (migration 0400). Synchronous: run on a database worker thread.
// Nothing here sends anything. On PostgreSQL row-level security adds what a client cannot bypass: grades
// only in one's own name, and while a session is open one reads only one's own grades.
class CalibrationStore final {
public:
    explicit CalibrationStore(storage::Database& db);

    // Sent replies graded in [from, to) that can go into a session (most recent first, at most `limit`).
    Result<QList<CalibrationCandidate>> sentCandidates(
        const QDateTime& from, const QDateTime& to, int limit = 5000);

    // A new open session holding `gradingIds` in this order. `lead` must be a named person
    // (review::validateReviewer); `sampling` is "picked" or "stratified". Refused (Invalid naming the field)
    // for a bad name, lead or item list, or an id that is not a sent reply ("items").
    Result<CalibrationSession> createSession(const QString& name, const QString& lead,
        const QStringList& gradingIds, const QString& sampling, std::optional<qint64> seed = std::nullopt);

    Result<QList<CalibrationSession>> sessions();
    Result<CalibrationSession> session(const QString& sessionId); // NotFound naming "session"
    Result<QList<CalibrationItem>> items(const QString& sessionId);
    // The positions `reviewer` has already graded in the session.
    Result<QList<int>> gradedBy(const QString& sessionId, const QString& reviewer);
    // How many items each participant has graded (no grades).
    Result<QList<CalibrationProgress>> progress(const QString& sessionId);

    // One reviewer's grades for one item, written once. Refused while the session is closed (Conflict,
    // "session"), for a position not in the session (Invalid, "position"), a second grade (Conflict,
    // "grades"), or an unnamed reviewer (Invalid, "reviewer").
    Status saveGrade(
        const QString& sessionId, int position, const QString& reviewer, const review::Grades& grades);

    // The demo: grades every item as kSimulatedReviewer (marked simulated), from the original grades.
    Status simulateReviewer(const QString& sessionId, std::uint64_t seed);

    // Ends grading. Only the lead who created the session (Unauthorized otherwise); closing twice is
    // Conflict.
    Status close(const QString& sessionId, const QString& lead);

    // All grades of a closed session. While it is open the grades stay hidden: Conflict naming "session".
    Result<QList<CalibrationGrade>> grades(const QString& sessionId);

private:
    Status insertGrade(const QString& sessionId, int position, const QString& reviewer,
        const review::Grades& grades, bool simulated);
    storage::Database& m_db;
};

} // namespace cx::learning
