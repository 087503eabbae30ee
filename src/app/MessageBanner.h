#pragma once

#include <QFrame>

class QLabel;
class QPushButton;

namespace cx::gui {

// An inline message across the top of a view: what happened and what one can do. Not a dialog.
class MessageBanner final : public QFrame {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MessageBanner)
public:
    enum class Kind { Info, Warning, Error, Sandbox };
    explicit MessageBanner(QWidget* parent = nullptr);

    void showMessage(Kind kind, const QString& text);
    QString text() const;
    Kind kind() const { return m_kind; }

private:
    QLabel* m_label;
    QPushButton* m_close;
    Kind m_kind = Kind::Info;
};

} // namespace cx::gui
