#include "GradeSpinBox.h"

#include <QKeyEvent>
#include <QLineEdit>

namespace cx::gui {

GradeSpinBox::GradeSpinBox(QWidget* parent)
    : QSpinBox(parent)
{
    setRange(1, 5);
    setValue(kDefaultValue);
    setAlignment(Qt::AlignCenter);
    setMinimumWidth(fontMetrics().horizontalAdvance(QStringLiteral("5 / 5")) + 40);
    connect(this, &QSpinBox::valueChanged, this, [this] {
        if (!m_resetting)
            markTouched();
    });
    updateLook();
}

void GradeSpinBox::resetUntouched()
{
    m_resetting = true;
    setValue(kDefaultValue);
    m_resetting = false;
    if (m_touched) {
        m_touched = false;
        updateLook();
        emit touchedChanged(false);
    }
}

void GradeSpinBox::stepBy(int steps)
{
    QSpinBox::stepBy(steps);
    markTouched(); // also at a limit: pressing "up" on 5 still says "5 is my grade"
}

void GradeSpinBox::keyPressEvent(QKeyEvent* event)
{
    const Qt::KeyboardModifiers mods = event->modifiers() & ~Qt::KeypadModifier;
    if (mods == Qt::NoModifier && event->key() >= Qt::Key_0 && event->key() <= Qt::Key_9) {
        const int digit = event->key() - Qt::Key_0;
        if (digit >= minimum() && digit <= maximum()) {
            setValue(digit);
            markTouched();
            selectAll();
        }
        event->accept(); // 0 and 6..9 are not grades: swallowed, never appended to the text
        return;
    }
    QSpinBox::keyPressEvent(event);
}

void GradeSpinBox::markTouched()
{
    if (m_touched)
        return;
    m_touched = true;
    updateLook();
    emit touchedChanged(true);
}

void GradeSpinBox::updateLook()
{
    // An untouched grade looks provisional: greyed text and a hint in the suffix, so the default "3" is not
    // mistaken for a choice.
    QFont f = font();
    f.setItalic(!m_touched);
    lineEdit()->setFont(f);
    setSuffix(m_touched ? tr(" / 5") : tr(" / 5 ?"));
    setAccessibleDescription(m_touched ? tr("Set") : tr("Not set yet"));
}

} // namespace cx::gui
