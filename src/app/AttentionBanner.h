#pragma once

#include <QFrame>
#include <QStringList>

class QLabel;
class QPushButton;

namespace cx::gui {

// "Needs attention: …" across the top of the window, for approved replies that cannot go out without a
// person (a stale conversation, a definite refusal by Chatwoot), with a button that opens the first one.
class AttentionBanner final : public QFrame {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AttentionBanner)
public:
    explicit AttentionBanner(QWidget* parent = nullptr);

    // One plain sentence per draft id. Empty lists hide the banner.
    void setItems(const QStringList& draftIds, const QStringList& sentences);
    QStringList draftIds() const { return m_draftIds; }
    QString text() const;

signals:
    void openDraftRequested(const QString& draftId);

private:
    QStringList m_draftIds;
    QLabel* m_label;
    QPushButton* m_open;
};

} // namespace cx::gui
