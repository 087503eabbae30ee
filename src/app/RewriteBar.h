#pragma once

#include "drafting/DraftRewriter.h"

#include <QPointer>
#include <QWidget>

class QLabel;
class QPushButton;

namespace cx::gui {

// The drawer's rewrite actions under the draft: Shorter, Friendlier, More formal, Fix grammar and "In
// <customer's language>". Buttons in the tab order (Space or Enter runs one). Without a model only what the
// offline drafter can honestly do is enabled; the others are disabled with a tooltip saying why
// (DraftRewriter::unavailableReason). The drawer runs the rewrite; this only asks for it and shows
// "Rewriting…" meanwhile.
class RewriteBar final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RewriteBar)
public:
    using Action = drafting::DraftRewriter::Action;

    explicit RewriteBar(QWidget* parent = nullptr);
    ~RewriteBar() override;

    void setRewriter(drafting::DraftRewriter* rewriter);
    drafting::DraftRewriter* rewriter() const { return m_rewriter; }
    // The customer's language (ISO 639-1, "" unknown): names the language button.
    void setCustomerLanguage(const QString& code);
    // A live draft the reviewer may still change.
    void setLive(bool live);
    void setRunning(bool running);
    bool isRunning() const { return m_running; }
    QPushButton* button(Action action) const;

signals:
    void rewriteRequested(cx::drafting::DraftRewriter::Action action);

private:
    void updateButtons();

    QPointer<drafting::DraftRewriter> m_rewriter;
    QList<QPair<Action, QPushButton*>> m_buttons;
    QLabel* m_runningLabel = nullptr;
    QString m_language;
    bool m_live = false;
    bool m_running = false;
};

} // namespace cx::gui
