#include "MainWindow.h"

#include <QApplication>
#include <QLabel>
#include <QTimer>

namespace cx::gui {

MainWindow::MainWindow(Options options, QWidget* parent)
    : QMainWindow(parent)
    , m_options(options)
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("CX Pilot"));
    resize(1280, 800);
    auto* label = new QLabel(tr("CX Pilot"), this);
    label->setObjectName(QStringLiteral("placeholder"));
    setCentralWidget(label);
}

MainWindow::~MainWindow() = default;

void MainWindow::quitAfter(int msecs)
{
    QTimer::singleShot(msecs, qApp, &QApplication::quit);
}

} // namespace cx::gui
