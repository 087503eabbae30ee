#pragma once

#include <QDateTime>
#include <QWidget>

class QLabel;
class QPushButton;

namespace cx::gui {

// The drawer's state line for a draft the reviewer has decided on: sending, sent, unconfirmed, failed,
// needs attention, rejected. A tinted strip (works in light and dark palettes) with the state's text and,
// when it fits, Retry or "Send anyway…". The drawer decides what to show; this only shows it.
class DraftStatusPanel final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DraftStatusPanel)
public:
    // Neutral: a decision that is neither good nor bad news (a rejected draft), in the palette's own colours.
    enum class Tone { Info, Success, Warning, Error, Neutral };
    Q_ENUM(Tone)

    explicit DraftStatusPanel(QWidget* parent = nullptr);
    ~DraftStatusPanel() override;

    void showState(const QString& text, Tone tone, bool retry = false, bool sendAnyway = false);
    QString text() const;
    Tone tone() const { return m_tone; }
    // Disables the buttons while a retry or send is under way.
    void setButtonsEnabled(bool enabled);

    // "Chatwoot has not confirmed this reply yet…" (with the time of the next check when known).
    static QString unconfirmedText(const QDateTime& recheckAt);
    // "<selector> { background-color: <the tone, translucent>; border-left: 3px solid <the tone>; }": a tint
    // over whatever is behind it, readable in light and dark palettes.
    static QString tintStyle(const QString& selector, Tone tone, const QPalette& palette);

signals:
    void retryClicked();
    void sendAnywayClicked();

protected:
    void changeEvent(QEvent* event) override;

private:
    void applyTone();

    QLabel* m_label = nullptr;
    QPushButton* m_retry = nullptr;
    QPushButton* m_sendAnyway = nullptr;
    Tone m_tone = Tone::Info;
};

} // namespace cx::gui
