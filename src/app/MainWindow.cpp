#include "MainWindow.h"

#include "MessageBanner.h"
#include "SandboxInfo.h"
#include "foundation/LogCategories.h"
#include "foundation/Settings.h"
#include "storage/Database.h"

#include <QApplication>
#include <QDir>
#include <QLabel>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTimer>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace cx::gui {

MainWindow::MainWindow(Options options, QWidget* parent)
    : QMainWindow(parent)
    , m_options(std::move(options))
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(m_options.demo ? tr("CX Pilot — Demo (sandbox)") : tr("CX Pilot"));
    resize(1280, 800);

    auto* central = new QWidget(this);
    auto* layout = new QVBoxLayout(central);
    layout->setContentsMargins(8, 8, 8, 8);
    m_banner = new MessageBanner(central);
    layout->addWidget(m_banner);
    auto* placeholder = new QLabel(tr("Conversations and drafts appear here."), central);
    placeholder->setObjectName(QStringLiteral("emptyState"));
    placeholder->setAlignment(Qt::AlignCenter);
    layout->addWidget(placeholder, 1);
    setCentralWidget(central);

    m_databaseStatus = new QLabel(tr("Database: opening…"), this);
    m_databaseStatus->setObjectName(QStringLiteral("databaseStatus"));
    statusBar()->addPermanentWidget(m_databaseStatus);

    if (m_options.demo)
        m_banner->showMessage(MessageBanner::Kind::Sandbox, sandbox::sandboxBanner());
}

MainWindow::~MainWindow()
{
    m_database.reset();
    if (!m_demoDir.isEmpty())
        QDir(m_demoDir).removeRecursively();
}

void MainWindow::quitAfter(int msecs) { QTimer::singleShot(msecs, qApp, &QApplication::quit); }

void MainWindow::showEvent(QShowEvent* event)
{
    QMainWindow::showEvent(event);
    if (!m_started) {
        m_started = true;
        // After the first paint.
        QTimer::singleShot(0, this, &MainWindow::startServices);
    }
}

void MainWindow::startServices()
{
    QString url = m_options.databaseUrl;
    if (url.isEmpty() && m_options.demo) {
        // The demo works on a throw-away SQLite file, removed when the window closes.
        QTemporaryDir dir(QDir::temp().filePath(QStringLiteral("cxpilot-demo-XXXXXX")));
        dir.setAutoRemove(false);
        m_demoDir = dir.path();
        url = QStringLiteral("sqlite://") + QDir(m_demoDir).filePath(QStringLiteral("demo.db"));
    }
    if (url.isEmpty())
        url = Settings::load().databaseUrl();
    auto* watcher = new QFutureWatcher<Result<std::shared_ptr<storage::Database>>>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher] {
        onDatabaseOpened(watcher->result());
        watcher->deleteLater();
    });
    watcher->setFuture(QtConcurrent::run([url] { return storage::Database::open(url); }));
}

void MainWindow::onDatabaseOpened(Result<std::shared_ptr<storage::Database>> result)
{
    if (!result) {
        m_databaseStatus->setText(tr("Database: unavailable"));
        m_banner->showMessage(MessageBanner::Kind::Error,
            tr("The database could not be opened: %1. Check the database URL in Settings.")
                .arg(result.error().message));
        return;
    }
    m_database = result.value();
    m_databaseStatus->setText(tr("Database: %1 (schema %2)")
                                  .arg(m_database->dialect() == storage::Dialect::Sqlite ? tr("SQLite")
                                                                                         : tr("PostgreSQL"))
                                  .arg(m_database->schemaVersion()));
    emit databaseReady();
}

} // namespace cx::gui
