#pragma once

#include <QSpinBox>

namespace cx::gui {

// A 1..5 grade that knows whether a person has set it. It starts at 3 (the seed's default) and untouched; any
// deliberate act counts as setting it, even one that leaves 3: the arrows (buttons, keys, wheel), typing a
// digit 1..5 (which replaces the value at once), or a value change. resetUntouched() goes back to 3,
// untouched.
class GradeSpinBox final : public QSpinBox {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(GradeSpinBox)
public:
    static constexpr int kDefaultValue = 3;

    explicit GradeSpinBox(QWidget* parent = nullptr);

    bool isTouched() const { return m_touched; }
    void resetUntouched();
    void stepBy(int steps) override;

signals:
    void touchedChanged(bool touched);

protected:
    void keyPressEvent(QKeyEvent* event) override;

private:
    void markTouched();
    void updateLook();

    bool m_touched = false;
    bool m_resetting = false;
};

} // namespace cx::gui
