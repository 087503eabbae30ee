#pragma once

#include <QMainWindow>

namespace cx::gui {

class MainWindow final : public QMainWindow {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)
public:
    struct Options {
        bool demo = false;
    };
    explicit MainWindow(Options options, QWidget* parent = nullptr);
    ~MainWindow() override;

    void quitAfter(int msecs);

private:
    Options m_options;
};

} // namespace cx::gui
