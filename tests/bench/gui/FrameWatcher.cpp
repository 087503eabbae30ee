#include "FrameWatcher.h"

#include "ProcStats.h"

#include <QCoreApplication>
#include <QEvent>
#include <QTimer>
#include <QWidget>
#include <QWindow>

namespace cx::bench {

FrameWatcher::FrameWatcher(QWidget* target, QObject* parent)
    : QObject(parent)
    , m_target(target)
{
    QCoreApplication::instance()->installEventFilter(this);
}

FrameWatcher::~FrameWatcher()
{
    if (QCoreApplication* app = QCoreApplication::instance())
        app->removeEventFilter(this);
}

void FrameWatcher::reset()
{
    m_frames = 0;
    m_fallbackFrames = 0;
    m_firstPaintEventNs = 0;
    m_firstFrameNs = 0;
}

bool FrameWatcher::isFrameEvent(QObject* watched, const QEvent* event) const
{
    if (!m_target || (event->type() != QEvent::Expose && event->type() != QEvent::UpdateRequest))
        return false;
    QWidget* top = m_target->window();
    return watched == top || (watched->isWindowType() && watched == top->windowHandle());
}

bool FrameWatcher::eventFilter(QObject* watched, QEvent* event)
{
    if (event->type() == QEvent::Paint && watched == m_target) {
        if (m_firstPaintEventNs == 0)
            m_firstPaintEventNs = monotonicNs();
        if (m_depth > 0) {
            m_paintedInFrame = true;
        } else if (!m_fallbackPending) {
            m_fallbackPending = true;
            QTimer::singleShot(0, this, [this] {
                m_fallbackPending = false;
                frameDone(monotonicNs(), true);
            });
        }
        return false;
    }
    if (m_depth > 0 || !isFrameEvent(watched, event))
        return false;
    // Deliver it now (QObject::event is public), so the moment it has been handled can be stamped.
    ++m_depth;
    m_paintedInFrame = false;
    watched->event(event);
    --m_depth;
    if (m_paintedInFrame)
        frameDone(monotonicNs(), false);
    return true;
}

void FrameWatcher::frameDone(qint64 ns, bool fallback)
{
    ++m_frames;
    if (fallback)
        ++m_fallbackFrames;
    if (m_firstFrameNs == 0)
        m_firstFrameNs = ns;
    emit framePainted(ns);
}

} // namespace cx::bench
