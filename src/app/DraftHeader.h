#pragma once

#include <QColor>
#include <QWidget>

class QLabel;

namespace cx::gui {

struct DraftView;

// The top of the approvals drawer: who the draft is for, and how much to trust it — risk badge, confidence,
// the offline badge, why this risk (in plain words, never the assessor's codes) and the tone findings.
class DraftHeader final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DraftHeader)
public:
    explicit DraftHeader(QWidget* parent = nullptr);
    ~DraftHeader() override;

    void showDraft(const DraftView& draft);

    // "High risk", "Medium risk", "Low risk", "Risk not assessed" for the stored level.
    static QString riskLevelText(const QString& level);
    static QColor riskColor(const QString& level);

private:
    QLabel* m_contact = nullptr;
    QLabel* m_riskBadge = nullptr;
    QLabel* m_confidence = nullptr;
    QLabel* m_offlineBadge = nullptr;
    QLabel* m_riskReasons = nullptr;
    QLabel* m_toneFindings = nullptr;
};

} // namespace cx::gui
