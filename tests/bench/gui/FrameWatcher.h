#pragma once

#include <QObject>
#include <QPointer>

class QWidget;

namespace cx::bench {

// Tells when a frame that painted a given widget has been completely drawn and flushed to its window.
//
// Installed on the application, it sees the top-level window's Expose and UpdateRequest events (the two
// ways Qt Widgets paint: on expose, and for update()), lets the window handle each one itself — which paints
// every dirty widget and flushes the backing store, synchronously — and, when that returns and the target
// received a QEvent::Paint meanwhile, stamps the frame's end (CLOCK_MONOTONIC). A paint of the target outside
// such an event (not expected) is stamped at the next event-loop turn and counted as a fallback. Use one
// watcher per window at a time: the one installed last takes the frame events.
class FrameWatcher final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FrameWatcher)
public:
    explicit FrameWatcher(QWidget* target, QObject* parent = nullptr);
    ~FrameWatcher() override;

    // Forgets the frames seen so far.
    void reset();
    int frames() const { return m_frames; }
    int fallbackFrames() const { return m_fallbackFrames; }
    // CLOCK_MONOTONIC ns of the first QEvent::Paint of the target since reset() (before it painted); 0: none.
    qint64 firstPaintEventNs() const { return m_firstPaintEventNs; }
    // CLOCK_MONOTONIC ns when the first frame that painted the target since reset() was flushed; 0: none.
    qint64 firstFrameNs() const { return m_firstFrameNs; }

signals:
    void framePainted(qint64 monotonicNs);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    bool isFrameEvent(QObject* watched, const QEvent* event) const;
    void frameDone(qint64 ns, bool fallback);

    QPointer<QWidget> m_target;
    int m_depth = 0;
    bool m_paintedInFrame = false;
    bool m_fallbackPending = false;
    int m_frames = 0;
    int m_fallbackFrames = 0;
    qint64 m_firstPaintEventNs = 0;
    qint64 m_firstFrameNs = 0;
};

} // namespace cx::bench
