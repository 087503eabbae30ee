#include "UiColours.h"

namespace cx::gui {

bool isDarkPalette(const QPalette& palette)
{
    return palette.color(QPalette::Base).lightness() < 128;
}

QColor badgeBackground(Signal signal)
{
    switch (signal) {
    case Signal::Good:
        return QColor(0x2e, 0x7d, 0x32); // 5.1:1 with white
    case Signal::Warning:
        return QColor(0x9a, 0x5b, 0x00); // 5.4:1 (the former #b26a00 was 4.2:1)
    case Signal::Bad:
        return QColor(0xc6, 0x28, 0x28); // 5.6:1
    case Signal::Neutral:
        break;
    }
    return QColor(0x61, 0x61, 0x61); // 6.2:1
}

QColor signalSwatch(Signal signal, const QPalette& palette)
{
    const bool dark = isDarkPalette(palette);
    switch (signal) {
    case Signal::Good:
        return dark ? QColor(0x2e, 0xa0, 0x43) : QColor(0x1b, 0x7f, 0x37);
    case Signal::Warning:
        return dark ? QColor(0xe0, 0x8e, 0x0b) : QColor(0x9a, 0x5b, 0x00);
    case Signal::Bad:
        return dark ? QColor(0xe5, 0x53, 0x4b) : QColor(0xc6, 0x28, 0x28);
    case Signal::Neutral:
        break;
    }
    return palette.color(QPalette::PlaceholderText);
}

QColor noteTint(bool ownDraftNote)
{
    return ownDraftNote ? QColor(0x8e, 0x5c, 0xd9, 60) : QColor(0xf5, 0xb0, 0x00, 60);
}

QColor noteAccent(bool ownDraftNote, const QPalette& palette)
{
    // The same hue, darker on a light base and lighter on a dark one: the header is small bold text.
    if (isDarkPalette(palette))
        return ownDraftNote ? QColor(0xc4, 0xa8, 0xf5) : QColor(0xf5, 0xc0, 0x4a);
    return ownDraftNote ? QColor(0x6b, 0x3f, 0xb5) : QColor(0x8a, 0x5a, 0x00);
}

QList<ColourPair> uiColours(const QPalette& palette)
{
    QList<ColourPair> pairs;
    const QColor white(Qt::white);
    for (auto [signal, name] : { std::pair { Signal::Good, "good" }, std::pair { Signal::Warning, "warning" },
             std::pair { Signal::Bad, "bad" }, std::pair { Signal::Neutral, "neutral" } }) {
        const QString n = QString::fromLatin1(name);
        pairs.append(
            { QStringLiteral("badge text (") + n + QLatin1Char(')'), white, badgeBackground(signal) });
        if (signal != Signal::Neutral)
            pairs.append({ QStringLiteral("SLA swatch (") + n + QLatin1Char(')'),
                signalSwatch(signal, palette), palette.color(QPalette::Base), 3.0 });
    }
    // The note bubbles: a translucent tint that the checker composes over the palette's base.
    for (bool own : { false, true }) {
        const QString n = own ? QStringLiteral("draft note") : QStringLiteral("private note");
        pairs.append({ n + QStringLiteral(" header"), noteAccent(own, palette), noteTint(own) });
        pairs.append({ n + QStringLiteral(" body"), palette.color(QPalette::Text), noteTint(own) });
    }
    return pairs;
}

} // namespace cx::gui
