#pragma once

#include <QObject>
#include <QTimer>

namespace cx::bench {

// A 1 ms precise timer on the GUI thread: the longest gap between two of its ticks is the longest the event
// loop was blocked (a stall the user would feel as a frozen window).
class Heartbeat final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Heartbeat)
public:
    explicit Heartbeat(QObject* parent = nullptr);

    void start();
    // Stops; the time since the last tick counts as a gap too.
    void stop();
    double maxGapMs() const { return double(m_maxGapNs) / 1e6; }
    // Gaps longer than one 60 Hz frame (16.7 ms).
    int longGaps() const { return m_longGaps; }
    int ticks() const { return m_ticks; }

private:
    void tick();
    void account(qint64 now);

    QTimer m_timer;
    qint64 m_lastNs = 0;
    qint64 m_maxGapNs = 0;
    int m_longGaps = 0;
    int m_ticks = 0;
};

} // namespace cx::bench
