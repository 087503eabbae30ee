#pragma once

#include <QTableView>

namespace cx::gui {

// The conversation queue's table. Its columns are sized from the font and the texts they hold (headers in the
// current language, the longest waiting time, SLA state and draft state), again whenever the font, style or
// language changes. The urgent columns (Waiting, SLA, Draft) come right after the contact, so a narrow window
// or a large font never pushes them out of sight; the last message takes whatever width is left.
class ConversationQueueView final : public QTableView {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConversationQueueView)
public:
    explicit ConversationQueueView(QWidget* parent = nullptr);

    // Call after setModel (a ConversationModel, or a proxy of one).
    void fitColumns();
    // The width the view needs to show the contact and the urgent columns whole.
    int urgentColumnsWidth() const;

protected:
    void changeEvent(QEvent* event) override;

private:
    int headerWidth(int column) const;
    int textWidth(const QStringList& samples, int extra = 0) const;
};

} // namespace cx::gui
