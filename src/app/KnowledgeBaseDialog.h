#pragma once

#include "knowledge/KnowledgeBase.h"

#include <QDialog>
#include <QPointer>
#include <QStringList>

class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QTableWidget;

namespace cx::chatwoot {
class ChatwootClient;
}

namespace cx::gui {

// File › Knowledge base…: what is indexed (each source, its documents and last ingest, the passage count),
// and ingesting without a terminal: a folder, the connected Chatwoot's Help Center, or every recorded source
// again — off the GUI thread, with a progress bar and Cancel. A cancelled ingest leaves the index as it was
// (KnowledgeBase's staged ingest). Closing the dialog cancels a running ingest.
class KnowledgeBaseDialog final : public QDialog {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(KnowledgeBaseDialog)
public:
    // chatwoot: where Help Center articles come from; nullptr: that button is off, its tooltip says why.
    KnowledgeBaseDialog(knowledge::KnowledgeBase* kb, chatwoot::ChatwootClient* chatwoot, QWidget* parent);
    ~KnowledgeBaseDialog() override;

    void setChatwoot(chatwoot::ChatwootClient* chatwoot);
    // Each queues one ingest (or one per recorded source) and starts unless one is running.
    void ingestFolder(const QString& path);
    void ingestHelpCenter();
    void reingestAll();
    void cancel();
    bool isBusy() const { return m_busy; }
    void reject() override; // Close/Escape: cancels a running ingest too

signals:
    // One queued run finished: ok = every ingest of it completed; message = what the status line says.
    void finished(bool ok, const QString& message);
    void indexChanged(); // an ingest completed: the index others search is a new one

private:
    void refresh();
    void startNext();
    void ingestOne(const QString& source);
    void onIngested(const QString& source, const Result<knowledge::IngestReport>& report);
    void finishRun();
    void setBusy(bool busy);
    static QString describeSource(const QString& root);

    QPointer<knowledge::KnowledgeBase> m_kb;
    QPointer<chatwoot::ChatwootClient> m_chatwoot;
    QLabel* m_summary = nullptr;
    QTableWidget* m_sources = nullptr;
    QLineEdit* m_folder = nullptr;
    QPushButton* m_ingestFolder = nullptr;
    QPushButton* m_helpCenter = nullptr;
    QPushButton* m_reingest = nullptr;
    QProgressBar* m_progress = nullptr;
    QLabel* m_status = nullptr;
    QPushButton* m_cancel = nullptr;
    bool m_busy = false;
    QStringList m_queue; // sources still to ingest in this run
    QStringList m_failures;
    QStringList m_done;
    bool m_cancelled = false;
    knowledge::KnowledgeBase::CancelFlag m_cancelFlag;
};

} // namespace cx::gui
