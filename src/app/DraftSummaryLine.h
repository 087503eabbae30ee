#pragma once

#include <QWidget>

class QLabel;

namespace cx::gui {

class ElidedLabel;

// The top line of the approvals drawer: the conversation in one line (the model's summary stored with the
// draft, or the offline drafter's extractive one), elided to the drawer's width with the whole line in the
// tooltip; hidden when the draft has none (older drafts).
class DraftSummaryLine final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DraftSummaryLine)
public:
    explicit DraftSummaryLine(QWidget* parent = nullptr);
    ~DraftSummaryLine() override;

    void setSummary(const QString& summary);
    QString summary() const;

private:
    QLabel* m_title = nullptr;
    ElidedLabel* m_text = nullptr;
};

} // namespace cx::gui
