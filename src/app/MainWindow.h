#pragma once

#include "foundation/Result.h"

#include <QFutureWatcher>
#include <QMainWindow>

#include <memory>

class QLabel;

namespace cx::storage {
class Database;
}

namespace cx::gui {

class MessageBanner;

// The reviewer's workspace. Thin: it wires core services to views; logic lives in cxcore.
// Nothing slow happens before the first paint: the database opens on a worker thread after show().
class MainWindow final : public QMainWindow {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)
public:
    struct Options {
        bool demo = false;
        QString databaseUrl; // empty: the settings' (or, in the demo, a throw-away SQLite file)
    };
    explicit MainWindow(Options options, QWidget* parent = nullptr);
    ~MainWindow() override;

    void quitAfter(int msecs);
    std::shared_ptr<storage::Database> database() const { return m_database; }

signals:
    void databaseReady();

protected:
    void showEvent(QShowEvent* event) override;

private:
    void startServices();
    void onDatabaseOpened(Result<std::shared_ptr<storage::Database>> result);

    Options m_options;
    bool m_started = false;
    QString m_demoDir;
    MessageBanner* m_banner = nullptr;
    QLabel* m_databaseStatus = nullptr;
    std::shared_ptr<storage::Database> m_database;
};

} // namespace cx::gui
