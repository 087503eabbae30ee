#pragma once

#include <QColor>
#include <QList>
#include <QPalette>
#include <QString>

namespace cx::gui {

// The colours the app paints itself (badges, SLA swatches, note headers), in one table so that
// tst_accessibility can check each against WCAG AA in a light and a dark palette. Widgets take their colours
// from these functions, never from literals of their own.
enum class Signal { Good, Warning, Bad, Neutral };

// The background of a badge with white text ("met", "High risk"): at least 4.5:1 against white.
QColor badgeBackground(Signal signal);
// A swatch or icon beside text (the queue's SLA column): at least 3:1 against the palette's base
// (WCAG 1.4.11).
QColor signalSwatch(Signal signal, const QPalette& palette);
// Private notes in the conversation thread: the bubble's translucent tint over the base, and the header's
// text colour, which must read on that tint.
QColor noteTint(bool ownDraftNote);
QColor noteAccent(bool ownDraftNote, const QPalette& palette);

// One checked pair: `foreground` drawn on `background` (translucent colours are composed over the palette's
// base, or its window when overWindow), needing `minimum` contrast.
struct ColourPair {
    QString name;
    QColor foreground;
    QColor background;
    double minimum = 4.5;
    bool overWindow = false;
};
QList<ColourPair> uiColours(const QPalette& palette);

bool isDarkPalette(const QPalette& palette);

} // namespace cx::gui
