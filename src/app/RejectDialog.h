#pragma once

#include <QDialog>
#include <QList>
#include <QString>

#include <optional>

class QButtonGroup;
class QDialogButtonBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;

namespace cx::gui {

// Asks why a draft is rejected: a preset reason (wrong facts, wrong tone, against policy, not needed, other)
// plus optional details, required only for "Other". Keyboard first: the first preset has the focus, the arrow
// keys choose another, Tab reaches the details, Ctrl+Enter rejects and Esc cancels.
//
// The reason kept with the review (reason()) starts with the preset's stable English label, whatever the UI
// language, so reports can group rejections: "Wrong tone", "Wrong tone: too casual", "Other: duplicate".
class RejectDialog final : public QDialog {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RejectDialog)
public:
    struct Preset {
        QString label; // stored, untranslated
        QString text; // shown, translated
    };
    static QList<Preset> presets();
    // The stored form of a choice: "<label>" or "<label>: <details>" (details trimmed, lines joined).
    static QString composeReason(const QString& label, const QString& details);

    explicit RejectDialog(QWidget* parent = nullptr);
    ~RejectDialog() override;

    // Empty while nothing valid is chosen ("Other" without details).
    QString reason() const;
    bool isComplete() const;

    // Shows the dialog modally; the reason, or nullopt when cancelled.
    static std::optional<QString> ask(QWidget* parent);

private:
    void tryAccept();
    void updateState();
    bool otherChosen() const;

    QButtonGroup* m_presets = nullptr;
    QPlainTextEdit* m_details = nullptr;
    QLabel* m_hint = nullptr;
    QDialogButtonBox* m_buttons = nullptr;
    QPushButton* m_accept = nullptr;
};

} // namespace cx::gui
