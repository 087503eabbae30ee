#pragma once

#include "UiColours.h"

#include <QColor>
#include <QFrame>

class QLabel;

namespace cx::gui {

// One key figure on the dashboard: a caption, a big value ("—" without data) and an optional coloured
// badge (target met / SLA colour) and a note under the value (metrics::ShownFigure::note). Child object
// names: <name>Value, <name>Badge, <name>Note.
class MetricTile final : public QFrame {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MetricTile)
public:
    MetricTile(const QString& name, const QString& caption, QWidget* parent = nullptr);

    void setValue(const QString& text, const QString& note = {});
    void setBadge(const QString& text, const QColor& colour, const QString& toolTip = {});
    void clearBadge();

    QString valueText() const;
    QString noteText() const;
    QString badgeText() const; // empty when no badge is shown
    QColor badgeColour() const { return m_badgeColour; }

    // Badge backgrounds (white text on them, WCAG AA: UiColours.h).
    static QColor green() { return badgeBackground(Signal::Good); }
    static QColor yellow() { return badgeBackground(Signal::Warning); }
    static QColor red() { return badgeBackground(Signal::Bad); }
    static QColor grey() { return badgeBackground(Signal::Neutral); }

private:
    QLabel* m_caption = nullptr;
    QLabel* m_value = nullptr;
    QLabel* m_badge = nullptr;
    QLabel* m_note = nullptr;
    QColor m_badgeColour;
};

} // namespace cx::gui
